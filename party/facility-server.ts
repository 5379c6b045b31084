import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import migrations from "../drizzle/do/migrations";
import { ErrorCode } from "../shared";
import { refuseSocket } from "./auth/gate";
import { errorResponse } from "./http/respond";
import type { Admission } from "./room/admission";
import { systemClock } from "./room/clock";
import { FacilityRoom } from "./room/facility-room";
import { errorJson } from "./room/frames";
import type { ConnState } from "./room/socket";
import { DoAccessStore } from "./store/access-store";
import { D1Archive } from "./store/d1-archive";
import * as schema from "./store/do-schema";
import { DoStore } from "./store/do-store";

const NOT_STARTED = "this hub's storage failed to start; the operator has been told (see the logs)";

/**
 * The Durable Object of one facility: a thin adapter that opens the facility's storage and turns
 * partyserver's events into calls on the FacilityRoom, which decides everything (party/room/).
 */
export class FacilityServer extends Server<Env> {
  // The whole object, not a partial one: partyserver reads `hibernate` from it.
  static override options = { hibernate: true };

  /** Null when storage could not be opened or migrated; everything then gets `unavailable`, never a stack. */
  #room: FacilityRoom | null = null;
  #admitted = new WeakMap<Request, Admission>();

  override async onStart(): Promise<void> {
    try {
      const db = drizzle(this.ctx.storage, { schema });
      await migrate(db, migrations);
      const storage = this.ctx.storage;
      this.#room = new FacilityRoom({
        name: this.name,
        store: new DoStore(db, storage),
        access: new DoAccessStore(db),
        archive: new D1Archive(this.env.DB, this.name),
        kv: storage.kv,
        alarm: { get: () => storage.getAlarm(), set: (at) => storage.setAlarm(at) },
        clock: systemClock,
        sockets: () => this.getConnections<ConnState>(),
        config: {
          adminCode: this.env.ADMIN_CODE,
          demoFacility: this.env.DEMO_FACILITY,
          rateBurst: this.env.RATE_LIMIT_BURST,
          ratePerSec: this.env.RATE_LIMIT_PER_SEC,
          flushDelayMs: this.env.AUDIT_FLUSH_DELAY_MS,
        },
      });
    } catch (err) {
      console.error(`facility ${this.name} failed to start`, err);
    }
    // The runtime answers pings itself, so an idle handheld never wakes a hibernated hub.
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * A socket the room refuses is refused before partyserver accepts it for hibernation: a hibernatable socket
   * closed by the hub keeps its TCP connection until the hub goes idle (about 11 s under wrangler dev), a
   * plain one closes at once. And partyserver answers a failure of its own (bad props, a bad connection id)
   * with the stack as text; the Worker lets none of those inputs through, and should one still fail, the
   * client gets the shared vocabulary.
   */
  override async fetch(request: Request): Promise<Response> {
    try {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        // partyserver's own start-up (onStart) must have run before the room exists.
        await this.__unsafe_ensureInitialized();
        if (!this.#room) return refuseSocket(ErrorCode.Unavailable, NOT_STARTED, 1011);
        const admission = this.#room.admitUpgrade(request);
        if (!admission.ok) return refuseSocket(admission.code, admission.message, admission.close);
        // partyserver hands onConnect this same request: it is admitted once, not twice.
        this.#admitted.set(request, admission);
      }
      const res = await super.fetch(request);
      if (res.status < 500 || res.headers.get("content-type")?.startsWith("application/json")) return res;
      console.error("facility fetch failed", res.status);
    } catch (err) {
      console.error("facility fetch threw", err);
    }
    return errorResponse(ErrorCode.Internal, "internal error; nothing was changed by this request");
  }

  override onConnect(conn: Connection<ConnState>, { request }: ConnectionContext): void {
    if (!this.#room) return conn.close(1011, "hub unavailable");
    this.#room.connect(conn, this.#admitted.get(request) ?? this.#room.admitUpgrade(request));
  }

  override onMessage(conn: Connection<ConnState>, message: WSMessage): void {
    if (!this.#room) return conn.send(errorJson(ErrorCode.Unavailable, NOT_STARTED));
    this.#room.message(conn, message);
  }

  override onClose(): void {
    this.#room?.disconnected();
  }

  override onRequest(req: Request): Promise<Response> {
    if (!this.#room) return Promise.resolve(errorResponse(ErrorCode.Unavailable, NOT_STARTED));
    return this.#room.request(req);
  }

  override async onAlarm(): Promise<void> {
    await this.#room?.alarm();
  }
}
