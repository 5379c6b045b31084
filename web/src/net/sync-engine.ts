import {
  CloseCode,
  ServerMessageSchema,
  presenceAfter,
  unreachable,
  type ClientMessage,
  type Mutation,
  type ServerMessage,
} from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import type { Cancel, Device, Fallback, Link, WaitingTaps } from "./ports";

/** After this many failed socket attempts in a row, the client polls over HTTP until the socket works again. */
const FAILURES_BEFORE_POLLING = 3;
const SIGNED_OUT = "This screen was signed out. Sign in again; waiting taps are kept.";
/** How often the taps named by other devices' diffs leave this device's outbox (see #forgetSoon). */
const FORGET_EVERY_MS = 1000;

/**
 * The client's sync engine, apart from any transport: it turns hub messages into store actions, sends taps
 * by whichever path works, replays waiting taps after a catch-up, and decides when to fall back to polling.
 * A transport calls `opened`, `closed` and `received`; tests drive it against the room in Node.
 */
export class SyncEngine {
  #fid: string;
  #by: string;
  #store: FacilityStoreApi;
  #device: Device;
  /** Null where the device keeps nothing (IndexedDB unavailable): taps then wait in memory only. */
  #outbox: Promise<WaitingTaps | null>;
  #fallback: Fallback;
  #link: Link | null = null;
  #failures = 0;
  #awaitingCatchUp = false;
  #replayTimer: Cancel | null = null;
  #forgetting = new Set<string>();
  #forgetTimer: Cancel | null = null;
  #stopped = false;

  constructor(opts: {
    fid: string;
    by: string;
    store: FacilityStoreApi;
    device: Device;
    outbox: Promise<WaitingTaps | null>;
    fallback: (dispatch: (msg: ServerMessage) => void) => Fallback;
  }) {
    this.#fid = opts.fid;
    this.#by = opts.by;
    this.#store = opts.store;
    this.#device = opts.device;
    this.#outbox = opts.outbox;
    this.#fallback = opts.fallback((msg) => this.dispatch(msg));
  }

  /** The newest seq this screen holds; a transport asks from it on every (re)connect. */
  get seq(): number {
    return this.#store.getState().confirmed?.seq ?? 0;
  }

  attach(link: Link): void {
    this.#link = link;
    if (!this.#device.online()) this.#store.getState().setMode("offline");
  }

  /** Restores what this device had (board and waiting taps), so the socket asks only for what changed. */
  async restore(): Promise<void> {
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

  stop(): void {
    this.#stopped = true;
    this.#fallback.dispose();
    this.#replayTimer?.();
    this.#forgetNow();
  }

  /** Shows the change at once and sends it by whichever path works now. */
  async send(mutation: Mutation): Promise<void> {
    this.#store.getState().enqueue(mutation);
    // Durable first: if the tab dies right after, the tap is still in the outbox for the next start.
    await this.#outbox
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

  async #countOthers(outbox: WaitingTaps): Promise<void> {
    this.#store.getState().setOthersWaiting(await outbox.othersWaiting(this.#by));
  }

  #sendOnLink(msg: ClientMessage): boolean {
    if (!this.#link?.open) return false;
    this.#link.send(JSON.stringify(msg));
    return true;
  }

  #transmit(mutation: Mutation): void {
    const mode = this.#store.getState().mode;
    if (mode === "live") this.#sendOnLink({ type: "mutate", mutation });
    else if (mode === "polling") void this.#fallback.send(mutation);
    // Offline or connecting: it waits in `pending` and goes out on the next open.
  }

  // Transport events

  opened(): void {
    // Not healthy yet: some proxies accept the upgrade and drop it at once. Live means the hub has answered.
    this.#awaitingCatchUp = true;
  }

  closed(code: number): void {
    if (this.#stopped) return;
    this.#awaitingCatchUp = false;
    if (code === CloseCode.ProtocolMismatch || code === CloseCode.UnknownFacility) return this.#link?.close();
    if (code === CloseCode.Unauthorized || code === CloseCode.Forbidden) {
      // Reconnecting with the same cookie would be refused again; the screen asks the person to sign in.
      this.#link?.close();
      return this.#store.getState().setAuthLost(SIGNED_OUT);
    }
    this.#failures++;
    const store = this.#store.getState();
    if (!this.#device.online()) store.setMode("offline");
    else if (this.#failures >= FAILURES_BEFORE_POLLING) this.#fallback.start();
    else if (store.mode === "live") store.setMode("connecting");
  }

  wentOffline(): void {
    this.#store.getState().setMode("offline");
  }

  /** A frame from the hub: parsed at this edge, never trusted as it came. */
  received(text: string): void {
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
    this.dispatch(parsed.data);
  }

  /** Each server message is one store action (the HTTP fallback's answers come through here too). */
  dispatch(msg: ServerMessage): void {
    const store = this.#store.getState();
    switch (msg.type) {
      case "snapshot":
        store.snapshot(msg);
        return this.#caughtUp();
      case "changes":
        store.changes(msg);
        // Applied changes may include this device's taps replayed by another tab.
        this.#forget(msg.diffs.map((d) => d.mutationId));
        return this.#caughtUp();
      case "diff": {
        const seq = this.seq;
        // A gap: something was missed; ask for everything since what we have.
        if (seq > 0 && msg.seq > seq + 1) return void this.#sendOnLink({ type: "sync", since: seq });
        store.diff(msg);
        return this.#forgetSoon(msg.mutationId);
      }
      case "ack":
        store.ack(msg.mutationId);
        return this.#forget([msg.mutationId]);
      case "reject":
        store.reject(msg);
        return this.#forget([msg.mutationId]);
      case "presence":
      case "presenceDelta":
        return store.presenceChanged(presenceAfter(store.presence, msg));
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

  #caughtUp(): void {
    if (!this.#awaitingCatchUp) return;
    this.#awaitingCatchUp = false;
    this.#failures = 0;
    this.#fallback.stop();
    this.#store.getState().setMode("live");
    void this.replay();
  }

  /**
   * Sends every waiting mutation again, in tap order, after the catch-up. One tab at a time replays the
   * shared outbox; the hub answers a mutation it already applied with its first outcome, so a repeat is harmless.
   */
  replay(): Promise<void> {
    return this.#device.exclusive(`car-tracker-replay-${this.#fid}`, async () => {
      const outbox = await this.#outbox;
      const stored = outbox ? await outbox.list(this.#by) : [];
      const ids = new Set(stored.map((m) => m.mutationId));
      const all = [...stored, ...this.#store.getState().pending.filter((m) => !ids.has(m.mutationId))];
      for (const mutation of all) if (!this.#sendOnLink({ type: "mutate", mutation })) return;
    });
  }

  /** Over the rate limit nothing was applied; everything still waiting goes again once the hub allows. */
  #replayAfter(ms: number): void {
    if (this.#replayTimer) return;
    this.#replayTimer = this.#device.setTimeout(() => {
      this.#replayTimer = null;
      if (!this.#stopped && this.#store.getState().mode === "live") void this.replay();
    }, ms);
  }

  /** The hub has answered for these mutations: they leave the outbox. */
  #forget(mutationIds: readonly string[]): void {
    if (mutationIds.length === 0) return;
    void this.#outbox.then((o) => o?.remove(mutationIds)).catch(() => undefined);
  }

  /**
   * A diff is another device's change, the most frequent frame; its tap is in this device's outbox only when
   * another tab here sent it and closed before its answer. So diffs' taps leave the outbox together, once a
   * second, not in a transaction each (about 2 ms of a slow handheld's main thread per change).
   */
  #forgetSoon(mutationId: string): void {
    this.#forgetting.add(mutationId);
    this.#forgetTimer ??= this.#device.setTimeout(() => this.#forgetNow(), FORGET_EVERY_MS);
  }

  #forgetNow(): void {
    this.#forgetTimer?.();
    this.#forgetTimer = null;
    this.#forget([...this.#forgetting]);
    this.#forgetting.clear();
  }
}
