import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import migrations from "../drizzle/do/migrations";
import {
  CloseCode,
  roleRefusal,
  DEFAULT_LOCATIONS,
  DEMO_CAR_IDS,
  DEMO_FACILITY_NAME,
  ErrorCode,
  FacilitySchema,
  unreachable,
  type Facility,
  type Mutation,
  type Actor,
  type AuditQuery,
  type CodeStatus,
  type Role,
  type SessionClaims,
} from "../shared";
import { AccessGuard, type RotateResult } from "./auth/access-guard";
import { refuseSocket } from "./auth/gate";
import { RateLimiter } from "./auth/rate-limit";
import { sessionOf } from "./auth/session-header";
import { FacilityHub, type ApplyResult } from "./hub/facility-hub";
import { handleFacilityRequest, type FacilityHost, type Who } from "./http/facility-routes";
import { handleInternal, type AccessHost } from "./http/internal-routes";
import { drainBody, errorResponse, json, rateLimited } from "./http/respond";
import { CutoffClock } from "./hub/cutoff-clock";
import { AuditFlusher } from "./store/audit-flusher";
import { auditOrOutbox } from "./store/d1-audit";
import { admitSocket, type Admission, type ConnState } from "./socket-admission";
import { decodeFrame, errorJson, presenceJson, rateLimitedJson } from "./socket-frames";
import { DoAccessStore } from "./store/access-store";
import * as schema from "./store/do-schema";
import { DoStore } from "./store/do-store";

/** Joins and leaves within this window share one presence broadcast (a reconnect storm is not N² messages). */
const PRESENCE_COALESCE_MS = 1000;

/**
 * One facility. Thin on purpose: it decodes, checks, hands the mutation to the
 * FacilityHub, and encodes; the hub decides.
 */
export class FacilityServer extends Server<Env> implements FacilityHost, AccessHost {
  // The whole object, not a partial one: partyserver reads `hibernate` from it.
  static override options = { hibernate: true };

  #hub!: FacilityHub;
  #store!: DoStore;
  #guard!: AccessGuard;
  #limiter!: RateLimiter;
  #flusher!: AuditFlusher;
  #cutoff!: CutoffClock;
  #presenceTimer: ReturnType<typeof setTimeout> | null = null;
  #admitted = new WeakMap<Request, Admission>();

  get hub(): FacilityHub {
    return this.#hub;
  }

  get guard(): AccessGuard {
    return this.#guard;
  }

  get exists(): boolean {
    return this.#hub.exists;
  }

  /** Set when storage could not be opened or migrated; every request then gets `unavailable`, never a stack. */
  #startError: string | null = null;

  override async onStart(): Promise<void> {
    try {
      await this.#open();
    } catch (err) {
      console.error(`facility ${this.name} failed to start`, err);
      this.#startError = "this hub's storage failed to start; the operator has been told (see the logs)";
    }
  }

  async #open(): Promise<void> {
    const db = drizzle(this.ctx.storage, { schema });
    await migrate(db, migrations);
    this.#store = new DoStore(db, this.ctx.storage);
    this.#flusher = new AuditFlusher({
      storage: this.ctx.storage,
      outbox: this.#store,
      db: this.env.DB,
      facilityId: this.name,
      delayMs: this.env.AUDIT_FLUSH_DELAY_MS,
    });
    this.#hub = new FacilityHub(this.#store);
    this.#cutoff = new CutoffClock(this.ctx.storage, this.#hub, (m, who) => void this.#apply(m, who));
    this.#guard = new AccessGuard(new DoAccessStore(db), this.env.ADMIN_CODE);
    this.#limiter = RateLimiter.perSession(this.env.RATE_LIMIT_BURST, this.env.RATE_LIMIT_PER_SEC);
    if (!this.#hub.exists && this.env.DEMO_FACILITY && this.name === this.env.DEMO_FACILITY) {
      this.#createFacility(
        { id: this.name, name: DEMO_FACILITY_NAME, locations: [...DEFAULT_LOCATIONS] },
        DEMO_CAR_IDS,
      );
    }
    // An outbox left over from before a restart or eviction is drained without waiting for a new tap.
    if (this.#store.auditPendingCount() > 0) this.#flusher.arm();
    this.#cutoff.arm();
    // The runtime answers pings itself, so an idle handheld never wakes a hibernated hub.
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * A socket the hub refuses is refused before partyserver accepts it for hibernation: a hibernatable socket
   * closed by the hub keeps its TCP connection until the hub goes idle (about 11 s under wrangler dev), a
   * plain one closes at once. And partyserver answers a failure of its own (bad props, a bad connection id)
   * with the stack as text; the Worker lets none of those inputs through, and should one still fail, the
   * client gets the shared vocabulary.
   */
  override async fetch(request: Request): Promise<Response> {
    try {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        // partyserver's own start-up (onStart) must have run before admission reads the hub.
        await this.__unsafe_ensureInitialized();
        const admission = admitSocket(this, request, this.#startError);
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
    const admission = this.#admitted.get(request) ?? admitSocket(this, request, this.#startError);
    if (!admission.ok) {
      this.#sendError(conn, admission.code, admission.message);
      conn.close(admission.close, admission.reason);
      return;
    }
    const { name, role, sid, exp, gen } = admission.claims;
    conn.setState({ name, role, sid, exp, gen });
    conn.send(this.#hub.catchUp(admission.since).json);
    conn.send(presenceJson(this.getConnections<ConnState>()));
    this.#schedulePresence();
  }

  override onMessage(conn: Connection<ConnState>, message: WSMessage): void {
    if (this.#startError) return this.#sendError(conn, ErrorCode.Unavailable, this.#startError);
    const who = conn.state;
    if (!who || who.exp <= Date.now()) {
      this.#sendError(conn, ErrorCode.Unauthorized, "session expired; sign in again");
      conn.close(CloseCode.Unauthorized, ErrorCode.Unauthorized);
      return;
    }
    const wait = this.#limiter.take(who.sid);
    if (wait !== null) return conn.send(rateLimitedJson(message, wait));
    const decoded = decodeFrame(message);
    if (!decoded.ok) return conn.send(decoded.reply);
    const msg = decoded.msg;
    switch (msg.type) {
      case "mutate": {
        try {
          const { outcome } = this.mutate(msg.mutation, who);
          conn.send(JSON.stringify(outcome));
        } catch (err) {
          // Not recorded as an outcome: the client keeps the mutation and may send it again.
          console.error("mutation failed", msg.mutation.type, err);
          this.#sendError(
            conn,
            ErrorCode.Internal,
            `mutation ${msg.mutation.mutationId} failed inside the hub and was not applied`,
          );
        }
        return;
      }
      case "sync":
        conn.send(this.#hub.catchUp(msg.since).json);
        return;
      default:
        return unreachable(msg, "client message");
    }
  }

  override onClose(): void {
    this.#schedulePresence();
  }

  override async onRequest(req: Request): Promise<Response> {
    const res = await this.#answer(req);
    // A body nobody read would still be streaming from the Worker after the answer; workerd then throws there.
    await drainBody(req);
    return res;
  }

  async #answer(req: Request): Promise<Response> {
    if (this.#startError) return errorResponse(ErrorCode.Unavailable, this.#startError);
    try {
      const path = new URL(req.url).pathname;
      if (path.startsWith("/internal/")) return await handleInternal(this, req, path);
      if (path === `/api/facilities/${this.name}` && req.method === "PUT")
        return await handleFacilityRequest(this, req, null);
      const claims = sessionOf(req);
      const refused = this.admit(claims);
      if (refused || !claims)
        return errorResponse(refused?.code ?? ErrorCode.Unauthorized, refused?.message ?? "no session");
      const wait = this.#limiter.take(claims.sid);
      if (wait !== null) return rateLimited(`too many requests from this session; try again in ${wait} ms`, wait);
      return await handleFacilityRequest(this, req, claims);
    } catch (err) {
      // partyserver would answer with the stack as text; a client gets the shared vocabulary instead.
      console.error("facility request failed", req.method, new URL(req.url).pathname, err);
      return errorResponse(ErrorCode.Internal, "internal error; the change was not applied");
    }
  }

  override async onAlarm(): Promise<void> {
    if (this.#startError) return;
    this.#cutoff.run();
    await this.#flusher.onAlarm();
    this.#cutoff.arm();
  }

  // FacilityHost

  /** Role first: the UI hides what a role cannot do, but only this check stops it. Not recorded, so not replayed. */
  mutate(mutation: Mutation, who: Who): ApplyResult {
    const refused = roleRefusal(mutation, who.role);
    if (refused) return { outcome: refused, diffJson: null };
    const result = this.#apply(mutation, who);
    if (mutation.type === "shift.start") this.#cutoff.arm();
    return result;
  }

  #apply(mutation: Mutation, who: Actor): ApplyResult {
    const result = this.#hub.apply(mutation, { name: who.name, role: who.role }, new Date());
    if (result.diffJson !== null) {
      // A socket whose session has expired (a wall signed in a month ago) gets no new data: it is closed first.
      const now = Date.now();
      this.#closeWhere((s) => s.exp <= now, "session expired; sign in again");
      // Every socket, the sender included, gets the diff before the sender's ack, so a pending tap never flickers.
      this.broadcast(result.diffJson);
      this.#flusher.arm();
    }
    return result;
  }

  audit(filter: AuditQuery) {
    return auditOrOutbox(this.#store, this.env.DB, this.name, filter);
  }

  shifts(limit: number, beforeId?: number) {
    return this.#store.listShifts(limit, beforeId);
  }

  shift(id: number) {
    return this.#store.getShift(id);
  }

  endedShifts(limit: number) {
    return this.#store.endedShifts(limit);
  }

  create(body: unknown): Response {
    const parsed = FacilitySchema.safeParse(body);
    if (!parsed.success || parsed.data.id !== this.name) {
      return errorResponse(ErrorCode.InvalidMessage, `body must describe facility ${this.name}`);
    }
    if (this.#hub.exists) return errorResponse(ErrorCode.AlreadyExists, `facility ${this.name} exists`);
    this.#createFacility(parsed.data, []);
    return json({ facility: this.#hub.facility }, 201);
  }

  #createFacility(facility: Facility, carIds: readonly string[]): void {
    this.#hub.create(facility, carIds, new Date().toISOString());
    this.#flusher.arm();
  }

  #schedulePresence(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = setTimeout(() => {
      this.#presenceTimer = null;
      this.broadcast(presenceJson(this.getConnections<ConnState>()));
    }, PRESENCE_COALESCE_MS);
  }

  // AccessHost

  admit(claims: SessionClaims | null): { code: ErrorCode; message: string } | null {
    return this.#guard.admit(claims, this.name);
  }

  endSession(sid: string, why: string): void {
    this.#closeWhere((s) => s.sid === sid, why);
  }

  codes(): CodeStatus[] {
    return this.#guard.statuses();
  }

  async rotate(role: Role, code: string | undefined, by: Who): Promise<RotateResult> {
    const result = await this.#guard.rotate(role, code, by.name, (gen) =>
      this.#apply({ type: "access.rotate", mutationId: crypto.randomUUID(), role, gen }, by),
    );
    if (result.ok) {
      this.#closeWhere((s) => s.role === role && s.gen !== result.gen, `the ${role} code was changed; sign in again`);
    }
    return result;
  }

  /** Sockets whose session no longer holds hear why, then close with 4401 so the client signs in again. */
  #closeWhere(match: (s: ConnState) => boolean, why: string): void {
    let closed = false;
    for (const c of this.getConnections<ConnState>()) {
      if (!c.state || !match(c.state)) continue;
      this.#sendError(c, ErrorCode.Unauthorized, why);
      c.close(CloseCode.Unauthorized, ErrorCode.Unauthorized);
      closed = true;
    }
    if (closed) this.#schedulePresence();
  }

  #sendError(conn: Connection, code: ErrorCode, message: string): void {
    conn.send(errorJson(code, message));
  }
}
