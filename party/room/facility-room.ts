import "../zod-english";
import {
  DEFAULT_DOORS,
  DEFAULT_LOCATIONS,
  DEMO_CAR_IDS,
  DEMO_FACILITY_NAME,
  ErrorCode,
  OPERATOR_MARK,
  atLeast,
  roleRefusal,
  type Actor,
  type AuditQuery,
  type CodeStatus,
  type Facility,
  type Mutation,
  type Role,
  type SessionClaims,
} from "../../shared";
import { type FacilityHealth } from "../../shared/ops";
import { AccessGuard, type RotateResult } from "../auth/access-guard";
import { RateLimiter } from "../auth/rate-limit";
import { sessionOf } from "../auth/session-header";
import type { ApplyResult, FacilityHub } from "../hub/facility-hub";
import { handleFacilityRequest, type FacilityHost, type Who } from "../http/facility-routes";
import { drainBody, errorResponse, refusalResponse } from "../http/respond";
import { admitSocket, type Admission } from "./admission";
import { ARCHIVED, RoomCalls, refusal, type Refusal } from "./calls";
import { healthOf, Pollers } from "./health";
import { playDemoHistory } from "./demo";
import { HeldPolls } from "./held-polls";
import type { PushDevices } from "./push-devices";
import type { RetentionJob } from "./retention-job";
import type { Frame, RoomSocket } from "./socket";
import { RoomSockets } from "./sockets";
import type { RoomDeps } from "./deps";
import { mutationLine, RoomUsage, type Via } from "./usage";
import { wireRoom, type RoomParts } from "./wiring";
import { connectSocket, socketFrame, type SocketSide } from "./socket-door";

export type { RoomDeps } from "./deps";

const LAST_CHANGE_KEY = "lastChangeAt";
/** Reads of the board over HTTP: a client polling them is a handheld whose socket keeps failing. */
const POLL_PATH = /\/(state|changes)$/;

/**
 * One facility, whatever hosts it: admission, presence, rate limits, every client message and HTTP call,
 * sessions ending on expiry, sign-out and rotation, the scheduler, and broadcast after commit. The Durable
 * Object only turns partyserver's events into these calls; tests call them directly in Node.
 */
export class FacilityRoom implements FacilityHost {
  readonly name: string;
  #d: RoomDeps;
  /** The hub, its modules, and the jobs on the alarm (wiring.ts). */
  #p: RoomParts;
  #guard: AccessGuard;
  #limiter: RateLimiter;
  #sockets: RoomSockets;
  #heldPolls: HeldPolls;
  #usage: RoomUsage;
  #pollers: Pollers;
  readonly pushDevices: PushDevices | null;
  readonly retention: RetentionJob;
  /** The typed calls the Worker makes (through the adapter's RPC methods). */
  readonly calls = new RoomCalls(this);

  constructor(deps: RoomDeps) {
    const config = deps.config ?? {};
    this.name = deps.name;
    this.#d = deps;
    this.#sockets = new RoomSockets(deps.sockets, deps.clock, deps.outlets);
    this.#heldPolls = new HeldPolls(deps.clock);
    this.#usage = new RoomUsage(deps.kv, deps.clock);
    this.#pollers = new Pollers(deps.clock);
    this.#guard = new AccessGuard(deps.access, config.adminCode, deps.clock.now());
    this.#limiter = RateLimiter.perSession(config.rateBurst, config.ratePerSec);
    const parts = wireRoom(deps, this.#usage, {
      apply: (m, who) => void this.#apply(m, who),
      closeWhere: (match, why) => this.#sockets.closeWhere(match, why),
    });
    this.#p = parts;
    this.pushDevices = parts.pushDevices;
    this.retention = parts.retention;
    if (!this.#p.hub.exists && config.demoFacility && this.name === config.demoFacility) {
      this.createFacility(
        { id: this.name, name: DEMO_FACILITY_NAME, locations: [...DEFAULT_LOCATIONS], doors: [...DEFAULT_DOORS] },
        DEMO_CAR_IDS,
      );
      playDemoHistory(this.#p.hub, deps.clock.now(), Number(config.demoHistory) || 0);
    }
    // An outbox left over from before a restart or eviction is drained without waiting for a new tap.
    if (deps.store.auditPendingCount() > 0) this.#p.flush.wake();
    this.#p.scheduler.arm();
  }

  get hub(): FacilityHub {
    return this.#p.hub;
  }

  get guard(): AccessGuard {
    return this.#guard;
  }

  get exists(): boolean {
    return this.#p.hub.exists;
  }

  now(): number {
    return this.#d.clock.now();
  }

  /** A forwarded session's right to act here now: still good, in a role that may, and within its rate. */
  gate(claims: SessionClaims | null, role?: Role): Refusal | null {
    const refused = this.admit(claims);
    if (refused || !claims) return refusal(refused?.code ?? ErrorCode.Unauthorized, refused?.message ?? "no session");
    if (role && !atLeast(claims.role, role)) {
      return refusal(ErrorCode.Forbidden, `this needs the ${role} role; this session is ${claims.role}`);
    }
    const wait = this.#take(claims.sid);
    if (wait === null) return null;
    return refusal(ErrorCode.RateLimited, `too many requests from this session; try again in ${wait} ms`, wait);
  }

  /** One request or frame against the session's rate: null to go on, or how long to wait (counted). */
  #take(sid: string): number | null {
    const wait = this.#limiter.take(sid, this.now());
    if (wait !== null) this.#usage.rateLimited(sid);
    return wait;
  }

  readonly #socketSide: SocketSide = {
    now: () => this.now(),
    take: (sid) => this.#take(sid),
    mutate: (mutation, who, via) => this.mutate(mutation, who, via),
    catchUp: (since) => this.#p.hub.catchUp(since).json,
    joined: (state) => this.#sockets.joined(state),
    welcome: (id) => this.#sockets.welcome(id),
  };

  /** When the alarm should next ring (for tests and the operator's view). */
  get nextAlarm(): number | null {
    return this.#p.scheduler.next();
  }

  // Sockets

  /** Whether an upgrade may become a socket here; checked before the host accepts it. */
  admitUpgrade(request: Request): Admission {
    return admitSocket(this, request);
  }

  connect(socket: RoomSocket, admission: Admission): void {
    connectSocket(this.#socketSide, socket, admission);
  }

  message(socket: RoomSocket, frame: Frame): void {
    socketFrame(this.#socketSide, socket, frame);
  }

  disconnected(): void {
    this.#sockets.presenceSoon();
  }

  // HTTP

  async request(req: Request): Promise<Response> {
    const res = await this.#answer(req);
    // A body nobody read would still be streaming from the Worker after the answer; workerd then throws there.
    await drainBody(req);
    return res;
  }

  async #answer(req: Request): Promise<Response> {
    try {
      const claims = sessionOf(req);
      const refused = this.gate(claims);
      if (refused || !claims) return refusalResponse(refused);
      if (req.method === "GET" && POLL_PATH.test(new URL(req.url).pathname)) this.#pollers.seen(claims.sid);
      return await handleFacilityRequest(this, req, claims);
    } catch (err) {
      // A host would answer with the stack as text; a client gets the shared vocabulary instead.
      console.error("facility request failed", req.method, new URL(req.url).pathname, err);
      return errorResponse(ErrorCode.Internal, "internal error; the change was not applied");
    }
  }

  /** How many long polls are being held (for tests and the operator's view). */
  get heldPolls(): number {
    return this.#heldPolls.size;
  }

  nextChange(ms: number): Promise<void> {
    return this.#heldPolls.next(ms);
  }

  /** The host's alarm rang. */
  alarm(): Promise<void> {
    return this.#p.scheduler.ring();
  }

  // Changes

  /** Role first: the UI hides what a role cannot do, but only this check stops it. Not recorded, so not replayed. */
  mutate(mutation: Mutation, who: Who, via: Via = "http"): ApplyResult {
    const refused = roleRefusal(mutation, who.role);
    if (refused) {
      this.#usage.applied(mutation, who, null, refused.code, 0, via);
      return { outcome: refused, diffJson: null };
    }
    return this.#apply(mutation, who, via);
  }

  #apply(mutation: Mutation, who: Actor, via: Via = "hub"): ApplyResult {
    const now = this.#d.clock.now();
    const perf = this.#d.perf ?? (() => performance.now());
    const started = perf();
    const result = this.#p.hub.apply(mutation, { name: who.name, role: who.role }, new Date(now));
    const code = result.outcome.type === "reject" ? result.outcome.code : null;
    const ms = perf() - started;
    this.#usage.applied(mutation, who, result.effect ?? null, code, ms, via);
    this.#d.log?.(mutationLine(this.name, mutation, who, code, ms, via, this.#p.hub.seq));
    if (result.diffJson !== null) {
      this.#d.kv.put(LAST_CHANGE_KEY, now);
      // A socket whose session has expired (a wall signed in a month ago) gets no new data: it is closed first.
      this.#sockets.closeExpired(now);
      // Every socket, the sender included, gets the diff before the sender's ack, so a pending tap never flickers.
      this.#sockets.broadcast(result.diffJson);
      this.#heldPolls.changed();
      this.#p.owners.get(mutation.type)?.committed?.(mutation);
      for (const mod of this.#p.modules) mod.changed?.(mutation, result.effect!, now);
      this.#p.flush.wake();
      this.#p.scheduler.arm();
    }
    return result;
  }

  audit(filter: AuditQuery) {
    return this.#d.archive.page(this.#d.store, filter);
  }

  people(from: string, to: string) {
    return this.#d.archive.people(this.#d.store, from, to);
  }

  shifts(limit: number, beforeId?: number) {
    return this.#d.store.listShifts(limit, beforeId);
  }

  shift(id: number) {
    return this.#d.store.getShift(id);
  }

  endedShifts(limit: number) {
    return this.#d.store.endedShifts(limit);
  }

  createFacility(facility: Facility, carIds: readonly string[] = []): void {
    this.#p.hub.create(facility, carIds, new Date(this.#d.clock.now()).toISOString());
    this.#p.flush.wake();
    this.#p.scheduler.arm();
  }

  // Access

  admit(claims: SessionClaims | null): { code: ErrorCode; message: string } | null {
    if (this.archived) return { code: ErrorCode.Forbidden, message: ARCHIVED };
    return this.#guard.admit(claims, this.name, this.#d.clock.now());
  }

  get archived(): boolean {
    return this.#p.hub.exists && this.#p.hub.facility?.archived === true;
  }

  // Operators

  /** An operator's rename or archive, audited as `<name> (operator)` and broadcast like any change. */
  operate(mutation: Mutation & { type: "facility.rename" | "facility.archive" }, operator: string): ApplyResult {
    return this.#apply(mutation, { name: `${operator} ${OPERATOR_MARK}`, role: "operator" });
  }

  health(): FacilityHealth {
    return healthOf({
      store: this.#d.store,
      clock: this.#d.clock,
      sockets: this.#d.sockets(),
      pollers: this.#pollers,
      usage: this.#usage,
      seq: this.#p.hub.seq,
      lastChangeAt: this.#d.kv.get<number>(LAST_CHANGE_KEY) ?? null,
      lastFlushAt: this.#p.flush.lastFlushAt,
      flushFailures: this.#p.flush.failures,
      nextAlarmAt: this.#p.scheduler.next(),
      retainedAt: this.retention.lastRun,
      storageBytes: this.#d.storageBytes?.() ?? null,
    });
  }

  endSession(sid: string, why: string): void {
    this.#sockets.closeWhere((s) => s.sid === sid, why);
  }

  codes(): CodeStatus[] {
    return this.#guard.statuses();
  }

  rotate(role: Role, code: string | undefined, by: Who): Promise<RotateResult> {
    return this.#guard.rotate(
      role,
      code,
      by.name,
      (gen) => this.#apply({ type: "access.rotate", mutationId: crypto.randomUUID(), role, gen }, by),
      new Date(this.#d.clock.now()),
    );
  }
}
