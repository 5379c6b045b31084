import { routePartykitRequest, Server, type Connection, type WSMessage } from "partyserver";
import worker from "../party/worker";

export { FacilityServer, OperatorGate } from "../party/worker";

/** The floor: no parsing, no storage, no checks; what the runtime's send path costs on its own. */
export class EchoFloor extends Server {
  static override options = { hibernate: true };

  override onMessage(_conn: Connection, message: WSMessage): void {
    this.broadcast(message);
  }
}

/** The floor plus one durable write per message: what the output gate (commit before send) costs. */
export class EchoStoreFloor extends Server {
  static override options = { hibernate: true };

  override onStart(): void {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, body TEXT)");
  }

  override onMessage(_conn: Connection, message: WSMessage): void {
    this.ctx.storage.sql.exec("INSERT INTO log (body) VALUES (?)", String(message));
    this.broadcast(message);
  }
}

export default {
  async fetch(req, env) {
    const { pathname } = new URL(req.url);
    if (pathname.startsWith("/parties/echo-floor/") || pathname.startsWith("/parties/echo-store-floor/")) {
      return (await routePartykitRequest(req, env)) ?? new Response("no room", { status: 404 });
    }
    return worker.fetch(req, env);
  },
} satisfies ExportedHandler<Env & { EchoFloor: DurableObjectNamespace; EchoStoreFloor: DurableObjectNamespace }>;
