import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { ErrorCode, type AuditQuery, type FacilityInput, type Mutation, type SessionClaims } from "../shared";
import { type UpdateBuilding } from "../shared/ops";
import { refuseSocket } from "./auth/gate";
import { errorResponse } from "./http/respond";
import type { Admission } from "./room/admission";
import { refusal, type RoomCalls } from "./room/calls";
import { systemClock } from "./room/clock";
import { FacilityRoom } from "./room/facility-room";
import { errorJson } from "./room/frames";
import type { ConnState } from "./room/socket";
import { pushOf } from "./push/vapid-env";
import { openFacility, SHARD_KEY } from "./store/open-facility";
import { shardNames } from "./store/shards";

const NOT_STARTED = "this hub's storage failed to start; the operator has been told (see the logs)";
const UNAVAILABLE = refusal(ErrorCode.Unavailable, NOT_STARTED);

/**
 * The Durable Object of one facility: a thin adapter that opens the facility's storage and turns
 * partyserver's events and the Worker's RPC calls into calls on the FacilityRoom (party/room/).
 */
export class FacilityServer extends Server<Env> {
  // The whole object, not a partial one: partyserver reads `hibernate` from it.
  static override options = { hibernate: true };

  /** Null when storage could not be opened or migrated; everything then gets `unavailable`, never a stack. */
  #room: FacilityRoom | null = null;
  #admitted = new WeakMap<Request, Admission>();

  override async onStart(): Promise<void> {
    try {
      this.#room = new FacilityRoom({
        name: this.name,
        ...(await openFacility(this.ctx.storage, this.env, this.name)),
        clock: systemClock,
        sockets: () => this.getConnections<ConnState>(),
        outlets: () => this.ctx.getWebSockets(),
        push: pushOf(this.env, this.ctx.storage),
        storageBytes: () => this.ctx.storage.sql.databaseSize,
        log: this.env.LOG_REQUESTS === "off" ? undefined : (line) => console.log(line),
        config: {
          adminCode: this.env.ADMIN_CODE,
          demoFacility: this.env.DEMO_FACILITY,
          demoHistory: this.env.DEMO_HISTORY,
          rateBurst: this.env.RATE_LIMIT_BURST,
          ratePerSec: this.env.RATE_LIMIT_PER_SEC,
          flushDelayMs: this.env.AUDIT_FLUSH_DELAY_MS,
          alertDelayMs: this.env.ALERT_CHECK_DELAY_MS,
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
   * plain one closes at once. And partyserver answers a failure of its own with the stack as text; the
   * Worker lets none of those inputs through, and should one still fail, the client gets the shared vocabulary.
   */
  override async fetch(request: Request): Promise<Response> {
    try {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        const room = await this.#ready();
        if (!room) return refuseSocket(ErrorCode.Unavailable, NOT_STARTED, 1011);
        const admission = room.admitUpgrade(request);
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

  override async onRequest(req: Request): Promise<Response> {
    return this.#room ? this.#room.request(req) : errorResponse(ErrorCode.Unavailable, NOT_STARTED);
  }

  override async onAlarm(): Promise<void> {
    await this.#room?.alarm();
  }

  // The Worker's typed calls (Durable Object RPC: methods on the prototype, never instance fields).
  // partyserver starts the object on fetch, not on RPC, so each call makes sure it has started.

  async #ready(): Promise<FacilityRoom | null> {
    await this.__unsafe_ensureInitialized();
    return this.#room;
  }

  async #call<T>(fn: (calls: RoomCalls) => T | Promise<T>): Promise<T | typeof UNAVAILABLE> {
    const room = await this.#ready();
    return room ? fn(room.calls) : UNAVAILABLE;
  }

  signIn(code: string, client: string) {
    return this.#call((c) => c.signIn(code, client));
  }
  checkSession(claims: SessionClaims) {
    return this.#call((c) => c.checkSession(claims));
  }
  signOut(claims: SessionClaims) {
    return this.#call((c) => c.signOut(claims));
  }
  /** `shard`: the D1 binding the Worker chose for this building's audit, kept with it from now on. */
  create(facility: FacilityInput, shard?: string) {
    return this.#call((c) => {
      const created = c.create(facility);
      if (created.ok && shard && shardNames(this.env).includes(shard)) this.ctx.storage.kv.put(SHARD_KEY, shard);
      return created;
    });
  }
  board(claims: SessionClaims) {
    return this.#call((c) => c.board(claims));
  }
  car(claims: SessionClaims, carId: string) {
    return this.#call((c) => c.car(claims, carId));
  }

  change(claims: SessionClaims, m: Mutation, carId: string) {
    return this.#call((c) => c.change(claims, m, carId));
  }
  changes(claims: SessionClaims, since: number) {
    return this.#call((c) => c.changes(claims, since));
  }
  audit(claims: SessionClaims, q: AuditQuery) {
    return this.#call((c) => c.audit(claims, q));
  }
  shifts(claims: SessionClaims, limit: number) {
    return this.#call((c) => c.shifts(claims, limit));
  }

  // The operator's calls; the Worker has checked the operator session.
  health() {
    return this.#call((c) => c.health());
  }
  operate(operator: string, change: UpdateBuilding) {
    return this.#call((c) => c.operate(operator, change));
  }
  enter() {
    return this.#call((c) => c.enter());
  }
  retainSoon() {
    return this.#call((c) => c.retainSoon());
  }
}
