import { ChangesResponseSchema, ServerMessageSchema, type Mutation, type ServerMessage } from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import type { Cancel, Device, Fallback } from "./ports";

export const POLL_MS = 5_000;
/** How long the hub may hold a poll open when nothing has changed (seconds; the hub caps it at 25). */
export const LONG_POLL_S = 25;
/** A long poll answered empty sooner than this was not held: a proxy cut it, or the hub does not hold polls. */
const HELD_AT_LEAST_MS = 1_000;
/** After this many polls in a row that were not held (or failed), plain polling every 5 s for this session. */
const UNHELD_BEFORE_PLAIN = 2;

type Polled = "changed" | "quiet" | "failed";

/** What the fallback needs from the connection that owns it. */
export interface FallbackHost {
  readonly fid: string;
  readonly store: FacilityStoreApi;
  /** Messages fetched over HTTP go through the same dispatch as the socket's. */
  dispatch(msg: ServerMessage): void;
  readonly device: Device;
  /** The page's fetch (the session rides in its cookie); tests pass one that reaches the room. */
  readonly fetch: (path: string, init?: RequestInit) => Promise<Response>;
}

/**
 * HTTP with the socket's semantics, for screens whose WebSocket keeps failing: a long poll (the hub answers at
 * the next change, or after 25 s) asked again at once, so a change is seen about as soon as on a socket; where
 * long polls are cut short (a proxy) or not held, a plain poll every 5 s.
 */
export class HttpFallback implements Fallback {
  #host: FallbackHost;
  #timer: Cancel | null = null;
  /** The running poll loop's own token; a loop that finds another here (or none) ends. */
  #loop: symbol | null = null;
  #inFlight = new Set<string>();
  #disposed = false;
  #long = true;
  #unheld = 0;

  constructor(host: FallbackHost) {
    this.#host = host;
  }

  start(): void {
    // The socket's every failed retry asks again; a second loop would poll twice, and "polling" would hide
    // that this loop's polls reach nothing.
    if (this.#loop) return;
    const loop = Symbol("poll loop");
    this.#loop = loop;
    this.#host.store.getState().setMode("polling");
    const running = () => !this.#disposed && this.#loop === loop;
    const tick = async () => {
      this.#timer = null;
      if (!running()) return;
      for (const m of this.#host.store.getState().pending) void this.send(m);
      const long = this.#long && this.#host.store.getState().confirmed !== null;
      const started = this.#host.device.now();
      const polled = await this.pollOnce(long ? LONG_POLL_S : 0);
      if (long) this.#judge(polled, this.#host.device.now() - started);
      if (!running()) return;
      // A held poll that came back is asked again at once; anything else waits the plain interval.
      if (this.#long && this.#unheld === 0 && polled !== "failed") return void tick();
      this.#timer = this.#host.device.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  }

  stop(): void {
    this.#loop = null;
    this.#timer?.();
    this.#timer = null;
  }

  dispose(): void {
    this.#disposed = true;
    this.stop();
  }

  /** Long polls that come back empty too soon, or fail, twice in a row: this network cuts them; poll plainly. */
  #judge(polled: Polled, tookMs: number): void {
    const held = polled === "changed" || (polled === "quiet" && tookMs >= HELD_AT_LEAST_MS);
    this.#unheld = held ? 0 : this.#unheld + 1;
    if (this.#unheld >= UNHELD_BEFORE_PLAIN) this.#long = false;
  }

  /** One poll; `waitS` > 0 lets the hub hold it until the next change. */
  async pollOnce(waitS = 0): Promise<Polled> {
    const started = this.#host.device.now();
    const polled = await this.#ask(waitS);
    // A held poll that failed after a while may have been cut by a proxy on the way (#judge sees to that). Any
    // other failure means the hub cannot be reached, and "polling" would tell the floor that changes come in.
    if (polled !== "failed") this.#showing("polling");
    else if (waitS === 0 || this.#host.device.now() - started < HELD_AT_LEAST_MS) this.#showing("offline");
    return polled;
  }

  async #ask(waitS: number): Promise<Polled> {
    const { store, fid, dispatch } = this.#host;
    const confirmed = store.getState().confirmed;
    try {
      if (!confirmed) {
        const res = await this.#host.fetch(`/api/facilities/${fid}/state`);
        if (this.#authLost(res)) return "failed";
        const snap = ServerMessageSchema.safeParse(await res.json());
        if (!snap.success || snap.data.type !== "snapshot") return "failed";
        dispatch(snap.data);
        return "changed";
      }
      const wait = waitS > 0 ? `&wait=${waitS}` : "";
      const res = await this.#host.fetch(`/api/facilities/${fid}/changes?since=${confirmed.seq}${wait}`);
      if (this.#authLost(res)) return "failed";
      const body = ChangesResponseSchema.safeParse(await res.json());
      if (!body.success) return "failed";
      if ("snapshot" in body.data) dispatch(body.data.snapshot);
      else if (body.data.diffs.length) {
        dispatch({ type: "changes", since: confirmed.seq, seq: body.data.seq, diffs: body.data.diffs });
      } else return "quiet";
      return "changed";
    } catch {
      return "failed";
    }
  }

  /** What the screen's pill says while this loop runs: polling while the hub answers, offline while it cannot. */
  #showing(mode: "polling" | "offline"): void {
    const store = this.#host.store.getState();
    if (this.#loop && store.mode !== mode) store.setMode(mode);
  }

  /** The session is gone (expired, signed out, code changed): polling stops and the screen asks to sign in. */
  #authLost(res: Response): boolean {
    if (res.status !== 401 && res.status !== 403) return false;
    this.stop();
    this.#host.store.getState().setAuthLost("This screen was signed out. Sign in again; waiting taps are kept.");
    return true;
  }

  async send(mutation: Mutation): Promise<void> {
    if (this.#inFlight.has(mutation.mutationId)) return;
    this.#inFlight.add(mutation.mutationId);
    try {
      const res = await this.#host.fetch(`/api/facilities/${this.#host.fid}/mutations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(mutation),
      });
      if (res.status === 401) return void this.#authLost(res);
      const parsed = ServerMessageSchema.safeParse(await res.json());
      if (!parsed.success) return;
      if (parsed.data.type === "ack" || parsed.data.type === "reject") {
        // Fetch the diff before the outcome, so confirmed state is there when the pending change goes.
        await this.pollOnce();
        this.#host.dispatch(parsed.data);
      }
    } catch {
      // Stays pending; the next poll sends it again.
    } finally {
      this.#inFlight.delete(mutation.mutationId);
    }
  }
}
