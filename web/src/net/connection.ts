import PartySocket from "partysocket";
import {
  CloseCode,
  PROTOCOL_VERSION,
  ServerMessageSchema,
  snapshotOfState,
  unreachable,
  type Mutation,
  type ServerMessage,
} from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import { HttpFallback } from "./http-fallback";
import { Outbox } from "./outbox";

/** After this many failed socket attempts in a row, the client polls over HTTP until the socket works again. */
const FAILURES_BEFORE_POLLING = 3;
/** Keeps warehouse NATs from dropping an idle socket; the hub's runtime answers without waking it. */
const PING_MS = 25_000;

/**
 * The only place that talks to the hub: one PartySocket, an HTTP poller as its
 * fallback, and both feeding one store through `dispatch`.
 */
export class FacilityConnection {
  #fid: string;
  #by: string;
  #store: FacilityStoreApi;
  #socket: PartySocket | null = null;
  #failures = 0;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #fallback: HttpFallback;
  #stopped = false;
  /** Null where IndexedDB is unavailable (private mode): taps then wait in memory only. */
  #outbox: Promise<Outbox | null>;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribe: (() => void) | null = null;

  /** The session travels in the HttpOnly cookie, on the socket and on every poll; nothing here holds it. */
  constructor(fid: string, by: string, store: FacilityStoreApi) {
    this.#fid = fid;
    this.#by = by;
    this.#store = store;
    this.#fallback = new HttpFallback({ fid, store, dispatch: (m) => this.#dispatch(m) });
    this.#outbox = Outbox.open(fid).catch((err: unknown) => {
      console.warn("no IndexedDB; waiting changes will not survive a reload", err);
      return null;
    });
  }

  /** Restores what this device had, then connects: the socket then asks only for what changed since. */
  start(): void {
    void this.#restore().finally(() => {
      if (!this.#stopped) this.#connect();
    });
    // Whatever the hub confirms is saved, so the next start can open with no network at all.
    let last = this.#store.getState().confirmed;
    this.#unsubscribe = this.#store.subscribe((s) => {
      if (s.confirmed !== last && s.staleSince === null) {
        last = s.confirmed;
        this.#scheduleSave();
      }
    });
  }

  async #restore(): Promise<void> {
    const outbox = await this.#outbox;
    if (!outbox) return;
    try {
      const [saved, pending] = await Promise.all([outbox.loadState(), outbox.list(this.#by)]);
      this.#store.getState().restore(saved, pending);
      await this.#countOthers(outbox);
    } catch (err) {
      console.warn("could not read this device's saved state", err);
    }
  }

  #scheduleSave(): void {
    if (this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      const state = this.#store.getState().confirmed;
      if (state) void this.#outbox.then((o) => o?.saveState(snapshotOfState(state)));
    }, 500);
  }

  #connect(): void {
    const socket = new PartySocket({
      host: location.host,
      party: "facility",
      room: this.#fid,
      // Called on every (re)connect, so the hub always hears the latest seq this screen holds.
      query: () => ({
        protocol: String(PROTOCOL_VERSION),
        ...(this.#seq() > 0 ? { since: String(this.#seq()) } : {}),
      }),
      // Jittered per client, so a hub restart is not met by every handheld in the same millisecond.
      minReconnectionDelay: 300 + Math.random() * 1200,
      maxReconnectionDelay: 15_000,
      reconnectionDelayGrowFactor: 1.6,
      connectionTimeout: 4_000,
    });
    socket.addEventListener("open", () => this.#onOpen());
    socket.addEventListener("close", (e) => this.#onClose(e.code));
    socket.addEventListener("message", (e) => this.#onText(String(e.data)));
    this.#socket = socket;
    this.#pingTimer = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send("ping");
    }, PING_MS);
    window.addEventListener("online", this.#onOnline);
    window.addEventListener("offline", this.#onOffline);
    if (!navigator.onLine) this.#store.getState().setMode("offline");
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#socket?.close();
    this.#fallback.dispose();
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    if (this.#replayTimer) clearTimeout(this.#replayTimer);
    window.removeEventListener("online", this.#onOnline);
    window.removeEventListener("offline", this.#onOffline);
  }

  /** Shows the change at once and sends it by whichever path works now. */
  send(mutation: Mutation): void {
    this.#store.getState().enqueue(mutation);
    // Durable first: if the tab dies right after, the tap is still in the outbox for the next start.
    void this.#outbox
      .then((o) => o?.add(mutation, this.#by))
      .catch((err: unknown) => console.warn("could not save a tap to the outbox", err))
      .finally(() => this.#transmit(mutation));
  }

  /**
   * Sends another person's waiting taps as the one signed in now, on their say-so. The hub records whoever
   * sends, so this is never done behind their back.
   */
  async adopt(from: string): Promise<void> {
    const outbox = await this.#outbox;
    if (!outbox) return;
    await outbox.adopt(from, this.#by);
    const mine = await outbox.list(this.#by);
    const known = new Set(this.#store.getState().pending.map((m) => m.mutationId));
    for (const m of mine) if (!known.has(m.mutationId)) this.#store.getState().enqueue(m);
    await this.#countOthers(outbox);
    for (const m of mine) if (!known.has(m.mutationId)) this.#transmit(m);
  }

  async #countOthers(outbox: Outbox): Promise<void> {
    this.#store.getState().setOthersWaiting(await outbox.othersWaiting(this.#by));
  }

  #seq(): number {
    return this.#store.getState().confirmed?.seq ?? 0;
  }

  #transmit(mutation: Mutation): void {
    const mode = this.#store.getState().mode;
    if (mode === "live" && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ type: "mutate", mutation }));
    } else if (mode === "polling") {
      void this.#fallback.send(mutation);
    }
    // Offline or connecting: it waits in `pending` and goes out on the next open.
  }

  #awaitingCatchUp = false;

  #onOpen(): void {
    // Not healthy yet: some proxies accept the upgrade and drop it at once. Live means the hub has answered.
    this.#awaitingCatchUp = true;
  }

  #onCaughtUp(): void {
    if (!this.#awaitingCatchUp) return;
    this.#awaitingCatchUp = false;
    this.#failures = 0;
    this.#fallback.stop();
    this.#store.getState().setMode("live");
    void this.#replay();
  }

  /**
   * Sends every waiting mutation again, in tap order, after the catch-up. One tab
   * at a time replays the shared outbox (Web Locks); the hub answers a mutation it
   * already applied with its first outcome, so a repeat is harmless.
   */
  async #replay(): Promise<void> {
    const run = async () => {
      const outbox = await this.#outbox;
      const stored = outbox ? await outbox.list(this.#by) : [];
      const ids = new Set(stored.map((m) => m.mutationId));
      const all = [...stored, ...this.#store.getState().pending.filter((m) => !ids.has(m.mutationId))];
      for (const m of all) {
        if (this.#socket?.readyState !== WebSocket.OPEN) return;
        this.#socket.send(JSON.stringify({ type: "mutate", mutation: m }));
      }
    };
    if ("locks" in navigator) await navigator.locks.request(`car-tracker-replay-${this.#fid}`, run);
    else await run();
  }

  #onClose(code: number): void {
    if (this.#stopped) return;
    this.#awaitingCatchUp = false;
    if (code === CloseCode.ProtocolMismatch || code === CloseCode.UnknownFacility) {
      this.#socket?.close();
      return;
    }
    if (code === CloseCode.Unauthorized || code === CloseCode.Forbidden) {
      // Reconnecting with the same cookie would be refused again; the screen asks the person to sign in.
      this.#socket?.close();
      this.#store.getState().setAuthLost("This screen was signed out. Sign in again; waiting taps are kept.");
      return;
    }
    this.#failures++;
    const store = this.#store.getState();
    if (!navigator.onLine) store.setMode("offline");
    else if (this.#failures >= FAILURES_BEFORE_POLLING) this.#fallback.start();
    else if (store.mode === "live") store.setMode("connecting");
  }

  #onOnline = () => {
    this.#socket?.reconnect();
  };

  #onOffline = () => {
    this.#store.getState().setMode("offline");
  };

  #onText(text: string): void {
    if (text === "pong") return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      console.warn("hub sent a frame that is not JSON");
      return;
    }
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn("hub sent a message this client does not understand", parsed.error.issues[0]);
      return;
    }
    this.#dispatch(parsed.data);
  }

  /** Each server message is one store action. */
  #dispatch(msg: ServerMessage): void {
    const store = this.#store.getState();
    switch (msg.type) {
      case "snapshot":
        store.snapshot(msg);
        return this.#onCaughtUp();
      case "changes":
        store.changes(msg);
        // Applied changes may include this device's taps replayed by another tab.
        for (const d of msg.diffs) this.#forget(d.mutationId);
        return this.#onCaughtUp();
      case "diff": {
        const seq = this.#seq();
        if (seq > 0 && msg.seq > seq + 1) {
          // A gap: something was missed; ask for everything since what we have.
          this.#socket?.send(JSON.stringify({ type: "sync", since: seq }));
          return;
        }
        store.diff(msg);
        return this.#forget(msg.mutationId);
      }
      case "ack":
        store.ack(msg.mutationId);
        return this.#forget(msg.mutationId);
      case "reject":
        store.reject(msg.mutationId, msg.code, msg.message, msg.car);
        return this.#forget(msg.mutationId);
      case "presence":
        return store.presenceChanged(msg.users);
      case "error":
        if (msg.code === "protocol_mismatch" || msg.code === "unknown_facility") return store.setFatal(msg.message);
        if (msg.code === "rate_limited") return this.#replayAfter(msg.retryAfterMs ?? 1000);
        // unauthorized/forbidden arrive just before the socket closes with 4401/4403, handled there.
        console.warn(`hub error ${msg.code}: ${msg.message}`);
        return;
      default:
        return unreachable(msg, "server message");
    }
  }

  #replayTimer: ReturnType<typeof setTimeout> | null = null;

  /** Over the rate limit nothing was applied; everything still waiting goes again once the hub allows. */
  #replayAfter(ms: number): void {
    if (this.#replayTimer) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = null;
      if (!this.#stopped && this.#store.getState().mode === "live") void this.#replay();
    }, ms);
  }

  /** The hub has answered for this mutation: it leaves the outbox. */
  #forget(mutationId: string): void {
    void this.#outbox.then((o) => o?.remove(mutationId)).catch(() => undefined);
  }
}
