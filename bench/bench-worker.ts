import { routePartykitRequest, Server, type Connection, type WSMessage } from "partyserver";
import worker from "../party/worker";

export { FacilityServer } from "../party/worker";

/** The floor: no parsing, no storage, no checks; what the runtime's send path costs on its own. */
export class EchoFloor extends Server {
  static override options = { hibernate: true };

  override onMessage(_conn: Connection, message: WSMessage): void {
    this.broadcast(message);
  }
}

export default {
  async fetch(req, env) {
    if (new URL(req.url).pathname.startsWith("/parties/echo-floor/")) {
      return (await routePartykitRequest(req, env)) ?? new Response("no room", { status: 404 });
    }
    return worker.fetch(req, env);
  },
} satisfies ExportedHandler<Env & { EchoFloor: DurableObjectNamespace }>;
