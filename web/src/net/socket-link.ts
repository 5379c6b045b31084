import ReconnectingWebSocket from "partysocket/ws";
import { PROTOCOL_VERSION } from "../../../shared";
import { socketRetryOptions } from "../../../shared/reconnect";
import type { Link } from "./ports";
import type { SyncEngine } from "./sync-engine";

/** Keeps warehouse NATs from dropping an idle socket; the hub's runtime answers without waking it. */
const PING_MS = 25_000;

/**
 * The engine's live channel in the browser: partysocket's reconnecting socket, and its ping. Not its PartySocket
 * wrapper: that guesses ws or wss from the host's name (wss for any name outside the private ranges, so a hub
 * served over plain http by name never connects), adds a connection id the hub's edge strips, and was 1.3 KiB of
 * the handheld's first load. The page's own scheme says which.
 */
export class SocketLink implements Link {
  #socket: ReconnectingWebSocket;
  #ping: ReturnType<typeof setInterval>;

  constructor(fid: string, engine: SyncEngine) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    // Asked on every (re)connect, so the hub always hears the latest seq this screen holds.
    const url = () => {
      const query = new URLSearchParams({ protocol: String(PROTOCOL_VERSION) });
      if (engine.seq > 0) query.set("since", String(engine.seq));
      return `${scheme}://${location.host}/parties/facility/${fid}?${query}`;
    };
    this.#socket = new ReconnectingWebSocket(url, undefined, socketRetryOptions());
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
