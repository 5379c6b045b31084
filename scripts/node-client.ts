import { PartySocket } from "partysocket";
import WebSocket from "ws";
import {
  applyDiff,
  PROTOCOL_VERSION,
  ServerMessageSchema,
  stateFromSnapshot,
  type FacilityState,
  type Mutation,
  type ServerMessage,
} from "../shared";
import { socketRetryOptions } from "../shared/reconnect";

/**
 * A headless hub client for fault tests and benchmarks: the same protocol rules as
 * the web app (catch-up by seq, replay of unacknowledged mutations, gap -> sync),
 * without a browser.
 */
export class NodeClient {
  state: FacilityState | null = null;
  readonly pending = new Map<string, Mutation>();
  readonly acked = new Set<string>();
  readonly rejected = new Map<string, string>();
  readonly errors: string[] = [];
  bytesIn = 0;
  /** Bytes of snapshot and changes messages: what catching up cost. */
  catchUpBytes = 0;
  presenceBytes = 0;
  catchUps = 0;
  onCaughtUp: (() => void) | null = null;
  /** Each live diff as it is applied: when a change reached a socket (the wall bench's floor). */
  onDiff: ((diff: Extract<ServerMessage, { type: "diff" }>) => void) | null = null;
  /** performance.now() when the socket last opened: a storm's figures from the hub's side, without the backoff. */
  openedAt = 0;
  #socket: PartySocket;

  /** `token` is a signed session (see HubKeys); the hub names this client after it. */
  constructor(host: string, facility: string, token: string) {
    this.#socket = new PartySocket({
      host,
      party: "facility",
      room: facility,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      query: () => ({
        protocol: String(PROTOCOL_VERSION),
        token,
        ...(this.state ? { since: String(this.state.seq) } : {}),
      }),
      // The screens' own backoff: a storm here is met as the handhelds meet it.
      ...socketRetryOptions(),
    });
    this.#socket.addEventListener("open", () => (this.openedAt = performance.now()));
    this.#socket.addEventListener("message", (e) => this.#onText(String(e.data)));
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  mutate(m: Mutation): void {
    this.pending.set(m.mutationId, m);
    if (this.open) this.#socket.send(JSON.stringify({ type: "mutate", mutation: m }));
  }

  close(): void {
    this.#socket.close();
  }

  #onText(text: string): void {
    this.bytesIn += Buffer.byteLength(text);
    if (text === "pong") return;
    const parsed = ServerMessageSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      this.errors.push(`unreadable message: ${text.slice(0, 80)}`);
      return;
    }
    const size = Buffer.byteLength(text);
    if (parsed.data.type === "snapshot" || parsed.data.type === "changes") this.catchUpBytes += size;
    if (parsed.data.type === "presence" || parsed.data.type === "presenceDelta") this.presenceBytes += size;
    this.#dispatch(parsed.data);
  }

  #dispatch(msg: ServerMessage): void {
    switch (msg.type) {
      case "snapshot":
        this.state = stateFromSnapshot(msg);
        return this.#caughtUp();
      case "changes":
        if (!this.state) return;
        for (const d of msg.diffs) this.state = applyDiff(this.state, d);
        return this.#caughtUp();
      case "diff":
        if (!this.state) return;
        if (msg.seq > this.state.seq + 1) {
          this.#socket.send(JSON.stringify({ type: "sync", since: this.state.seq }));
          return;
        }
        this.state = applyDiff(this.state, msg);
        this.onDiff?.(msg);
        return;
      case "ack":
        this.pending.delete(msg.mutationId);
        this.acked.add(msg.mutationId);
        return;
      case "reject":
        this.pending.delete(msg.mutationId);
        this.rejected.set(msg.mutationId, msg.code);
        return;
      case "presence":
      case "presenceDelta":
        return;
      case "error":
        this.errors.push(`${msg.code}: ${msg.message}`);
        return;
    }
  }

  #caughtUp(): void {
    this.catchUps++;
    // Unacknowledged mutations go again, in order, after the catch-up; the hub deduplicates by id.
    for (const m of this.pending.values()) this.#socket.send(JSON.stringify({ type: "mutate", mutation: m }));
    this.onCaughtUp?.();
  }
}
