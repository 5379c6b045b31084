import PartySocket from "partysocket";
import { PROTOCOL_VERSION } from "../../../shared";
import type { Link } from "./ports";
import type { SyncEngine } from "./sync-engine";

/** Keeps warehouse NATs from dropping an idle socket; the hub's runtime answers without waking it. */
const PING_MS = 25_000;

/** The engine's live channel in the browser: one PartySocket that reconnects by itself, and its ping. */
export class SocketLink implements Link {
  #socket: PartySocket;
  #ping: ReturnType<typeof setInterval>;

  constructor(fid: string, engine: SyncEngine) {
    this.#socket = new PartySocket({
      host: location.host,
      party: "facility",
      room: fid,
      // Called on every (re)connect, so the hub always hears the latest seq this screen holds.
      query: () => ({
        protocol: String(PROTOCOL_VERSION),
        ...(engine.seq > 0 ? { since: String(engine.seq) } : {}),
      }),
      // Jittered per client, so a hub restart is not met by every handheld in the same millisecond.
      minReconnectionDelay: 300 + Math.random() * 1200,
      maxReconnectionDelay: 15_000,
      reconnectionDelayGrowFactor: 1.6,
      connectionTimeout: 4_000,
    });
    this.#socket.addEventListener("open", () => engine.opened());
    this.#socket.addEventListener("close", (e) => engine.closed(e.code));
    this.#socket.addEventListener("message", (e) => engine.received(String(e.data)));
    this.#ping = setInterval(() => {
      if (this.open) this.#socket.send("ping");
    }, PING_MS);
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    this.#socket.send(frame);
  }

  reconnect(): void {
    this.#socket.reconnect();
  }

  close(): void {
    clearInterval(this.#ping);
    this.#socket.close();
  }
}
