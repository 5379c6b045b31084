import type {
  Alert,
  AuditEntry,
  AuditQuery,
  Car,
  CarRecord,
  Door,
  DoorBoardRecord,
  Effect,
  Facility,
  Outcome,
  Shift,
  Visit,
} from "../../shared";

/** A shift with the boards it stored when it ended (null while it is open, or from before the door board). */
export interface EndedShiftRow extends Shift {
  snapshot: Car[] | null;
  doorBoard: DoorBoardRecord | null;
}

/**
 * Everything the hub needs from persistence. The Durable Object backs it with
 * its SQLite through Drizzle; every method is synchronous so a mutation's read,
 * check and write happen in one transaction with no await in between.
 */
export interface HubStore {
  transaction<T>(fn: () => T): T;

  readFacility(): { facility: Facility; seq: number } | null;
  createFacility(facility: Facility, cars: CarRecord[], now: string): void;

  getCar(id: string): CarRecord | undefined;
  listCars(): CarRecord[];
  openShift(): Shift | null;

  /** A door's stored state; only doors that are not empty have one. */
  getDoor(door: string): Door | undefined;
  listDoors(): Door[];
  getVisit(visitId: string): Visit | undefined;
  /** Visits not departed, and those departed at or after `departedSince`; by visit id. */
  listVisits(departedSince: string | null): Visit[];

  /** Alerts raised and not yet cleared, by key. */
  listAlerts(): Alert[];

  findOutcome(mutationId: string): Outcome | undefined;
  saveOutcome(mutationId: string, outcome: Outcome, atMs: number): void;

  /** Writes an applied effect, its diff for catch-up and its audit rows at `seq`. */
  commit(seq: number, effect: Effect, diffJson: string, audit: AuditEntry[]): void;

  /** Serialized diffs after `since`, oldest first; null when the log no longer reaches back that far. */
  diffsSince(since: number): string[] | null;

  listShifts(limit: number, beforeId?: number): Shift[];
  getShift(id: number): EndedShiftRow | undefined;
  /** The newest ended shifts with the boards they stored, newest first, in one read. */
  endedShifts(limit: number): EndedShiftRow[];

  /** Drops idempotency records and change-log entries beyond what must be kept. */
  prune(nowMs: number, seq: number): void;
}

/** The outbox side of the store, drained by the audit flusher. */
export interface OutboxStore {
  peekAudit(limit: number): (AuditEntry & { id: number })[];
  deleteAuditUpTo(id: number): void;
  auditPendingCount(): number;
  unsyncedShifts(): EndedShiftRow[];
  markShiftSynced(id: number): void;
  unsyncedFacility(): { facility: Facility; facilitySeq: number } | null;
  markFacilitySynced(facilitySeq: number): void;
  /** Pending rows matching a query (all of them, newest first), for the audit's unflushed tail. */
  pendingAudit(q: AuditQuery): AuditEntry[];
}
