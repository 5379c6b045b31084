import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import migrations from "../drizzle/do/migrations";
import {
  CLIENT_MESSAGE_TYPES,
  ClientMessageSchema,
  CloseCode,
  DEFAULT_LOCATIONS,
  DEMO_CAR_IDS,
  DEMO_FACILITY_NAME,
  ErrorCode,
  FacilitySchema,
  LIMITS,
  PROTOCOL_VERSION,
  blankCar,
  parseJsonMessage,
  uniformFieldVersions,
  type Actor,
  type ErrorMessage,
  type Facility,
  type Mutation,
  type PresenceMessage,
  type RejectMessage,
} from "../shared";
import { FacilityHub, type ApplyResult } from "./hub/facility-hub";
import { actorOf } from "./http/actor";
import { handleFacilityRequest, type FacilityHost } from "./http/facility-routes";
import { errorResponse, json } from "./http/respond";
import { d1, flushOutbox, queryAudit } from "./store/d1-audit";
import * as schema from "./store/do-schema";
import { DoStore } from "./store/do-store";

/** Outbox rows wait this long so a burst of taps goes to D1 in one batch. */
const FLUSH_DELAY_MS = 250;
const FLUSH_BACKOFF_MAX_MS = 5 * 60_000;
const FLUSH_ATTEMPTS_KEY = "flushAttempts";
/** Joins and leaves within this window share one presence broadcast (a reconnect storm is not N² messages). */
const PRESENCE_COALESCE_MS = 1000;

interface ConnState {
  name: string;
  role: string;
}

/**
 * One facility. Thin on purpose: it decodes, checks, hands the mutation to the
 * FacilityHub, and encodes; the hub decides.
 */
export class FacilityServer extends Server<Env> implements FacilityHost {
  // The whole object, not a partial one: partyserver reads `hibernate` from it.
  static override options = { hibernate: true };

  #hub!: FacilityHub;
  #store!: DoStore;
  #flushArmed = false;
  #presenceTimer: ReturnType<typeof setTimeout> | null = null;

  get hub(): FacilityHub {
    return this.#hub;
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
    this.#hub = new FacilityHub(this.#store);
    if (!this.#hub.exists && this.env.DEMO_FACILITY && this.name === this.env.DEMO_FACILITY) {
      this.#createFacility(
        { id: this.name, name: DEMO_FACILITY_NAME, locations: [...DEFAULT_LOCATIONS] },
        DEMO_CAR_IDS,
      );
    }
    // An outbox left over from before a restart or eviction is drained without waiting for a new tap.
    if (this.#store.auditPendingCount() > 0) this.#armFlush();
    // The runtime answers pings itself, so an idle handheld never wakes a hibernated hub.
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override onConnect(conn: Connection<ConnState>, { request }: ConnectionContext): void {
    if (this.#startError) {
      this.#sendError(conn, ErrorCode.Unavailable, this.#startError);
      conn.close(1011, "hub unavailable");
      return;
    }
    const url = new URL(request.url);
    const protocol = url.searchParams.get("protocol");
    if (protocol !== String(PROTOCOL_VERSION)) {
      this.#sendError(
        conn,
        ErrorCode.ProtocolMismatch,
        `this hub speaks protocol ${PROTOCOL_VERSION}, not ${protocol ?? "(none)"}`,
      );
      conn.close(CloseCode.ProtocolMismatch, "protocol mismatch");
      return;
    }
    if (!this.#hub.exists) {
      this.#sendError(conn, ErrorCode.UnknownFacility, `no facility ${this.name}`);
      conn.close(CloseCode.UnknownFacility, "unknown facility");
      return;
    }
    const actor = actorOf(request) ?? { name: "anonymous", role: "anonymous" };
    conn.setState({ name: actor.name, role: actor.role });
    const sinceRaw = url.searchParams.get("since");
    const since = sinceRaw !== null && /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : null;
    conn.send(this.#hub.catchUp(since).json);
    conn.send(this.#presenceJson());
    this.#schedulePresence();
  }

  override onMessage(conn: Connection<ConnState>, message: WSMessage): void {
    if (this.#startError) return this.#sendError(conn, ErrorCode.Unavailable, this.#startError);
    if (typeof message !== "string") {
      this.#sendError(conn, ErrorCode.InvalidMessage, "binary frames are not accepted; send JSON text");
      return;
    }
    if (message.length > LIMITS.wsFrameBytes) {
      this.#sendError(conn, ErrorCode.TooLarge, `frame is larger than ${LIMITS.wsFrameBytes} bytes`);
      return;
    }
    const parsed = parseJsonMessage(message, ClientMessageSchema, CLIENT_MESSAGE_TYPES);
    if (!parsed.ok) {
      // A mutation the hub cannot read is still answered by its id, so the client can drop it from its outbox.
      const mutationId = mutationIdOf(message);
      if (mutationId) {
        const reject: RejectMessage = {
          type: "reject",
          mutationId,
          code: parsed.code,
          message: parsed.message,
          duplicate: false,
        };
        conn.send(JSON.stringify(reject));
      } else {
        this.#sendError(conn, parsed.code, parsed.message, parsed.issues);
      }
      return;
    }
    const msg = parsed.value;
    switch (msg.type) {
      case "mutate": {
        const state = conn.state;
        const actor: Actor = state ? { name: state.name, role: state.role } : { name: "anonymous", role: "anonymous" };
        try {
          const { outcome } = this.mutate(msg.mutation, actor);
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
    }
  }

  override onClose(): void {
    this.#schedulePresence();
  }

  override async onRequest(req: Request): Promise<Response> {
    if (this.#startError) return errorResponse(ErrorCode.Unavailable, this.#startError);
    try {
      return await handleFacilityRequest(this, req);
    } catch (err) {
      // partyserver would answer with the stack as text; a client gets the shared vocabulary instead.
      console.error("facility request failed", req.method, new URL(req.url).pathname, err);
      return errorResponse(ErrorCode.Internal, "internal error; the change was not applied");
    }
  }

  override async onAlarm(): Promise<void> {
    if (this.#startError) return;
    this.#flushArmed = false;
    try {
      await flushOutbox(this.#store, d1(this.env.DB), this.name);
      await this.ctx.storage.delete(FLUSH_ATTEMPTS_KEY);
    } catch (err) {
      // D1 is down or refused the batch: the rows stay in the outbox and we try again, later each time.
      const attempts = ((await this.ctx.storage.get<number>(FLUSH_ATTEMPTS_KEY)) ?? 0) + 1;
      await this.ctx.storage.put(FLUSH_ATTEMPTS_KEY, attempts);
      const delay = Math.min(FLUSH_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(attempts - 1, 12));
      console.warn(`audit flush failed (attempt ${attempts}); retrying in ${delay} ms:`, String(err));
      this.#flushArmed = true;
      await this.ctx.storage.setAlarm(Date.now() + delay);
    }
  }

  // FacilityHost

  mutate(mutation: Mutation, actor: Actor): ApplyResult {
    const result = this.#hub.apply(mutation, actor, new Date());
    if (result.diffJson !== null) {
      // Every socket, the sender included, gets the diff before the sender's ack, so a pending tap never flickers.
      this.broadcast(result.diffJson);
      this.#armFlush();
    }
    return result;
  }

  async audit(filter: { carId?: string; limit: number; beforeSeq?: number }) {
    try {
      return { entries: await queryAudit(this.#store, d1(this.env.DB), this.name, filter), partial: false };
    } catch (err) {
      console.warn("audit query against D1 failed; answering from the outbox only:", String(err));
      const entries = this.#store
        .pendingAudit({ limit: filter.limit, ...(filter.carId ? { carId: filter.carId } : {}) })
        .filter((e) => filter.beforeSeq === undefined || e.seq < filter.beforeSeq);
      return { entries, partial: true };
    }
  }

  shifts(limit: number, beforeId?: number) {
    return this.#store.listShifts(limit, beforeId);
  }

  shift(id: number) {
    return this.#store.getShift(id);
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
    const now = new Date().toISOString();
    const cars = carIds.map((id) => ({
      car: { ...blankCar(id, facility.locations[0]!, now, "system"), version: 1 },
      fieldVersions: uniformFieldVersions(1),
    }));
    this.#hub.create(facility, cars, now);
    this.#armFlush();
  }

  #armFlush(): void {
    if (this.#flushArmed) return;
    this.#flushArmed = true;
    const delay = Number(this.env.AUDIT_FLUSH_DELAY_MS ?? FLUSH_DELAY_MS) || FLUSH_DELAY_MS;
    this.ctx.storage
      .getAlarm()
      .then((at) => (at === null ? this.ctx.storage.setAlarm(Date.now() + delay) : undefined))
      .catch((err: unknown) => {
        // The rows are safe in the outbox; the next commit or restart arms the flush again.
        this.#flushArmed = false;
        console.warn("could not arm the audit flush:", String(err));
      });
  }

  #presenceJson(): string {
    const users: PresenceMessage["users"] = [];
    for (const c of this.getConnections<ConnState>()) {
      if (!c.state || c.readyState !== WebSocket.OPEN) continue;
      users.push({ id: c.id, name: c.state.name, role: c.state.role });
    }
    const msg: PresenceMessage = { type: "presence", users };
    return JSON.stringify(msg);
  }

  #schedulePresence(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = setTimeout(() => {
      this.#presenceTimer = null;
      this.broadcast(this.#presenceJson());
    }, PRESENCE_COALESCE_MS);
  }

  #sendError(conn: Connection, code: ErrorCode, message: string, issues?: string[]): void {
    const msg: ErrorMessage = { type: "error", code, message, ...(issues ? { issues } : {}) };
    conn.send(JSON.stringify(msg));
  }
}

function mutationIdOf(text: string): string | null {
  try {
    const raw = JSON.parse(text) as { mutation?: { mutationId?: unknown } };
    const id = raw?.mutation?.mutationId;
    return typeof id === "string" && id.length > 0 && id.length <= 64 ? id : null;
  } catch {
    return null;
  }
}
