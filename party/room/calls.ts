import {
  ChangesResponseSchema,
  ErrorCode,
  FacilitySchema,
  type AuditPage,
  type AuditQuery,
  type Car,
  type ChangesResponse,
  type Facility,
  type FacilityInput,
  type Mutation,
  type Outcome,
  type Role,
  type SessionClaims,
  type Shift,
} from "../../shared";
import { type FacilityHealth, type UpdateBuilding } from "../../shared/ops";
import type { FacilityRoom } from "./facility-room";

export const ARCHIVED = "This building is archived. Ask your operator to restore it.";

/** Why a call was not answered, in the shared vocabulary (HTTP maps it with httpStatusFor). */
export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}
export type Answer<T> = { ok: true; value: T } | Refusal;

export const refusal = (code: ErrorCode, message: string, retryAfterMs?: number): Refusal =>
  retryAfterMs === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterMs };
const ok = <T>(value: T): Answer<T> => ({ ok: true, value });

export interface SignedIn {
  role: Role;
  gen: number;
  operator: boolean;
}

/**
 * What the Worker asks of a facility, as typed calls (Durable Object RPC on the adapter) rather than internal
 * HTTP: sign-in and sessions, creation, and the old API's reads and writes. Each call with a session is
 * admitted and rate limited exactly as the same session's socket and HTTP requests are.
 */
export class RoomCalls {
  #room: FacilityRoom;

  constructor(room: FacilityRoom) {
    this.#room = room;
  }

  async signIn(code: string, client: string): Promise<Answer<SignedIn>> {
    if (!this.#room.exists) return refusal(ErrorCode.UnknownFacility, "no such facility");
    if (this.#room.archived) return refusal(ErrorCode.Forbidden, ARCHIVED);
    const result = await this.#room.guard.signIn(code, client, this.#room.now());
    if (result.ok) return ok({ role: result.role, gen: result.gen, operator: result.operator });
    if (result.reason === "rate_limited") {
      return refusal(ErrorCode.RateLimited, "too many wrong codes; wait and try again", result.retryAfterMs);
    }
    return refusal(ErrorCode.Unauthorized, "That code opens nothing at this building. Check it with your supervisor.");
  }

  /** Whether the hub still accepts a session the Worker has verified (not rotated away, not signed out). */
  checkSession(claims: SessionClaims): Answer<null> {
    const refused = this.#room.admit(claims);
    return refused ? refusal(refused.code, refused.message) : ok(null);
  }

  /** Ends a session and closes its sockets; signing out twice, or with a stale session, is no error. */
  signOut(claims: SessionClaims): Answer<null> {
    if (!this.#room.admit(claims)) {
      this.#room.guard.revoke(claims, this.#room.now());
      this.#room.endSession(claims.sid, "signed out");
    }
    return ok(null);
  }

  create(facility: FacilityInput): Answer<Facility> {
    const parsed = FacilitySchema.safeParse(facility);
    if (!parsed.success || parsed.data.id !== this.#room.name) {
      return refusal(ErrorCode.InvalidMessage, `body must describe facility ${this.#room.name}`);
    }
    if (this.#room.exists) return refusal(ErrorCode.AlreadyExists, `facility ${this.#room.name} exists`);
    this.#room.createFacility(parsed.data);
    return ok(parsed.data);
  }

  /** The building's figures for the operator's table (null before it is created). */
  health(): Answer<{ facility: Facility; health: FacilityHealth } | null> {
    const facility = this.#room.hub.facility;
    return ok(facility ? { facility, health: this.#room.health() } : null);
  }

  /** The Worker's daily cron, for a building whose retention has not run for days: it runs at the next ring. */
  retainSoon(): Answer<null> {
    this.#room.retention.soon();
    return ok(null);
  }

  /** An operator's rename, archive or restore; answers with the building as it now stands. */
  operate(operator: string, change: UpdateBuilding): Answer<Facility> {
    if (!this.#room.exists) return refusal(ErrorCode.UnknownFacility, "no such facility");
    const steps: (Mutation & { type: "facility.rename" | "facility.archive" })[] = [];
    // Restored before renamed and renamed before archived, so each step is audited on a building that is open.
    if (change.archived === false)
      steps.push({ type: "facility.archive", mutationId: crypto.randomUUID(), archived: false });
    if (change.name !== undefined)
      steps.push({ type: "facility.rename", mutationId: crypto.randomUUID(), name: change.name });
    if (change.archived === true)
      steps.push({ type: "facility.archive", mutationId: crypto.randomUUID(), archived: true });
    for (const step of steps) {
      const { outcome } = this.#room.operate(step, operator);
      if (outcome.type === "reject") return refusal(outcome.code, outcome.message);
    }
    return ok(this.#room.hub.facility!);
  }

  /** An operator opens the building's board: a supervisor's session, named as the operator's in the audit. */
  enter(): Answer<{ gen: number }> {
    if (!this.#room.exists) return refusal(ErrorCode.UnknownFacility, "no such facility");
    if (this.#room.archived) return refusal(ErrorCode.Forbidden, ARCHIVED);
    return ok({ gen: this.#room.guard.genOf("supervisor") });
  }

  /** Every car and the seq they stand at. */
  board(claims: SessionClaims): Answer<{ seq: number; cars: Car[] }> {
    return this.#as(claims, () => {
      const { seq, cars } = this.#room.hub.snapshot();
      return ok({ seq, cars });
    });
  }

  /** One car as it stands (null when it is not on the board). */
  car(claims: SessionClaims, carId: string): Answer<Car | null> {
    return this.#as(claims, () => ok(this.#room.hub.car(carId)));
  }

  /** Applies a change as the session's person and answers with the car as it now stands, in one call. */
  change(claims: SessionClaims, mutation: Mutation, carId: string): Answer<{ outcome: Outcome; car: Car | null }> {
    return this.#as(claims, () => {
      const { outcome } = this.#room.mutate(mutation, claims);
      return ok({ outcome, car: this.#room.hub.car(carId) });
    });
  }

  changes(claims: SessionClaims, since: number): Answer<ChangesResponse> {
    return this.#as(claims, () => {
      const hub = this.#room.hub;
      const diffs = hub.diffsSince(since);
      const body = diffs === null ? { seq: hub.seq, snapshot: hub.snapshot() } : { seq: hub.seq, diffs };
      const parsed = ChangesResponseSchema.safeParse(
        diffs === null ? body : JSON.parse(`{"seq":${hub.seq},"diffs":[${diffs.join(",")}]}`),
      );
      return parsed.success ? ok(parsed.data) : refusal(ErrorCode.Internal, "the change log could not be read");
    });
  }

  async audit(claims: SessionClaims, q: AuditQuery): Promise<Answer<AuditPage>> {
    // One car's history is crew's to read too; the whole audit stays the supervisor's.
    const refused = this.#room.gate(claims, q.carId !== undefined ? "crew" : "supervisor");
    return refused ?? ok(await this.#room.audit(q));
  }

  shifts(claims: SessionClaims, limit: number): Answer<Shift[]> {
    return this.#room.gate(claims, "supervisor") ?? ok(this.#room.shifts(limit));
  }

  #as<T>(claims: SessionClaims, fn: () => Answer<T>): Answer<T> {
    return this.#room.gate(claims) ?? fn();
  }
}
