import { ChangesResponseSchema, ServerMessageSchema, type Mutation, type ServerMessage } from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import type { Cancel, Device, Fallback } from "./ports";

export const POLL_MS = 5_000;

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

/** HTTP every 5 s with the socket's semantics, for screens whose WebSocket keeps failing. */
export class HttpFallback implements Fallback {
  #host: FallbackHost;
  #timer: Cancel | null = null;
  #inFlight = new Set<string>();
  #disposed = false;

  constructor(host: FallbackHost) {
    this.#host = host;
  }

  start(): void {
    const store = this.#host.store.getState();
    if (store.mode !== "polling") store.setMode("polling");
    if (this.#timer) return;
    const tick = async () => {
      this.#timer = null;
      if (this.#disposed || this.#host.store.getState().mode !== "polling") return;
      await this.pollOnce();
      for (const m of this.#host.store.getState().pending) void this.send(m);
      if (this.#host.store.getState().mode === "polling")
        this.#timer = this.#host.device.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  }

  stop(): void {
    this.#timer?.();
    this.#timer = null;
  }

  dispose(): void {
    this.#disposed = true;
    this.stop();
  }

  async pollOnce(): Promise<void> {
    const { store, fid, dispatch } = this.#host;
    const confirmed = store.getState().confirmed;
    try {
      if (!confirmed) {
        const res = await this.#host.fetch(`/api/facilities/${fid}/state`);
        if (this.#authLost(res)) return;
        const snap = ServerMessageSchema.safeParse(await res.json());
        if (snap.success && snap.data.type === "snapshot") dispatch(snap.data);
        return;
      }
      const res = await this.#host.fetch(`/api/facilities/${fid}/changes?since=${confirmed.seq}`);
      if (this.#authLost(res)) return;
      const body = ChangesResponseSchema.safeParse(await res.json());
      if (!body.success) return;
      if ("snapshot" in body.data) dispatch(body.data.snapshot);
      else if (body.data.diffs.length) {
        dispatch({ type: "changes", since: confirmed.seq, seq: body.data.seq, diffs: body.data.diffs });
      }
    } catch {
      if (!this.#host.device.online()) store.getState().setMode("offline");
    }
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
