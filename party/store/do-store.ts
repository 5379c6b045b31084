import { and, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, lte, ne, or } from "drizzle-orm";
import {
  LIMITS,
  type Alert,
  compareAudit,
  matchesAudit,
  type AuditEntry,
  type AuditQuery,
  type CarRecord,
  type Door,
  type Effect,
  type Facility,
  type Outcome,
  type Shift,
  type Visit,
} from "../../shared";
import type { EndedShiftRow, HubStore, OutboxStore } from "../hub/store";
import { prepareHotPath, toRecord, toRow, toShift, withSnapshot, type Db } from "./do-rows";
import * as t from "./do-schema";

const facilityOf = (row: typeof t.facility.$inferSelect): Facility => ({
  id: row.id,
  name: row.name,
  locations: row.locations,
  doors: row.doors,
  ...(row.alertRules ? { alertRules: row.alertRules } : {}),
});

/** A door as it was written: `since` only when it had one. */
const doorOf = ({ since, ...door }: typeof t.doorStates.$inferSelect): Door => (since ? { ...door, since } : door);

/** The Durable Object's SQLite, through Drizzle. Synchronous on purpose (see HubStore). */
export class DoStore implements HubStore, OutboxStore {
  #db: Db;
  #storage: DurableObjectStorage;
  #q: ReturnType<typeof prepareHotPath>;

  constructor(db: Db, storage: DurableObjectStorage) {
    this.#db = db;
    this.#storage = storage;
    this.#q = prepareHotPath(db);
  }

  transaction<T>(fn: () => T): T {
    return this.#storage.transactionSync(fn);
  }

  readFacility(): { facility: Facility; seq: number } | null {
    const row = this.#db.select().from(t.facility).get();
    if (!row) return null;
    // The seq is not stored apart: the change log always keeps its latest entry.
    const last = this.#db
      .select({ seq: t.changeLog.seq })
      .from(t.changeLog)
      .orderBy(desc(t.changeLog.seq))
      .limit(1)
      .get();
    return { facility: facilityOf(row), seq: last?.seq ?? 0 };
  }

  createFacility(facility: Facility, cars: CarRecord[], now: string): void {
    this.#db
      .insert(t.facility)
      .values({ key: 1, ...facility, facilitySeq: 0, syncedFacilitySeq: -1, createdAt: now })
      .run();
    for (const rec of cars) this.#db.insert(t.cars).values(toRow(rec)).run();
  }

  getCar(id: string): CarRecord | undefined {
    const row = this.#q.car.get({ id });
    return row ? toRecord(row) : undefined;
  }

  listCars(): CarRecord[] {
    return this.#db.select().from(t.cars).orderBy(asc(t.cars.id)).all().map(toRecord);
  }

  openShift(): Shift | null {
    const row = this.#db.select().from(t.shifts).where(isNull(t.shifts.endedAt)).get();
    return row ? toShift(row) : null;
  }

  getDoor(door: string): Door | undefined {
    const row = this.#db.select().from(t.doorStates).where(eq(t.doorStates.door, door)).get();
    return row ? doorOf(row) : undefined;
  }

  listDoors(): Door[] {
    return this.#db.select().from(t.doorStates).all().map(doorOf);
  }

  listAlerts(): Alert[] {
    return this.#db
      .select()
      .from(t.alerts)
      .orderBy(asc(t.alerts.key))
      .all()
      .map((r) => r.data);
  }

  getVisit(visitId: string): Visit | undefined {
    return this.#db.select().from(t.visits).where(eq(t.visits.visitId, visitId)).get()?.data;
  }

  listVisits(departedSince: string | null): Visit[] {
    const active = ne(t.visits.status, "departed");
    const where = departedSince === null ? active : or(active, gte(t.visits.departedAt, departedSince));
    return this.#db
      .select({ data: t.visits.data })
      .from(t.visits)
      .where(where)
      .orderBy(asc(t.visits.visitId))
      .all()
      .map((r) => r.data);
  }

  findOutcome(mutationId: string): Outcome | undefined {
    const row = this.#q.outcome.get({ id: mutationId });
    return row ? (JSON.parse(row.outcome) as Outcome) : undefined;
  }

  saveOutcome(mutationId: string, outcome: Outcome, atMs: number): void {
    this.#db
      .insert(t.mutations)
      .values({ mutationId, outcome: JSON.stringify(outcome), at: atMs })
      .run();
  }

  commit(seq: number, effect: Effect, diffJson: string, audit: AuditEntry[]): void {
    const db = this.#db;
    for (const id of effect.removed) db.delete(t.cars).where(eq(t.cars.id, id)).run();
    for (const rec of effect.upserts) this.#q.upsertCar.run(toRow(rec));
    if (effect.shift?.open) {
      db.insert(t.shifts)
        .values({ ...effect.shift.open, stats: null, snapshot: null, doorBoard: null })
        .run();
    }
    for (const d of effect.doors) {
      if (d.state === "empty") db.delete(t.doorStates).where(eq(t.doorStates.door, d.door)).run();
      else db.insert(t.doorStates).values(d).onConflictDoUpdate({ target: t.doorStates.door, set: d }).run();
    }
    for (const v of effect.visits) {
      const row = { visitId: v.visitId, status: v.status, departedAt: v.departedAt, data: v };
      db.insert(t.visits).values(row).onConflictDoUpdate({ target: t.visits.visitId, set: row }).run();
    }
    if (effect.endedShift) {
      const { shift, snapshot, doorBoard } = effect.endedShift;
      db.update(t.shifts)
        .set({
          endedAt: shift.endedAt,
          endedBy: shift.endedBy,
          endNotes: shift.endNotes,
          stats: shift.stats,
          snapshot,
          doorBoard,
        })
        .where(eq(t.shifts.id, shift.id))
        .run();
    }
    if (effect.facility) {
      const { name, locations, doors, alertRules } = effect.facility;
      db.update(t.facility)
        .set({ name, locations, doors, alertRules: alertRules ?? null, facilitySeq: seq })
        .where(eq(t.facility.key, 1))
        .run();
    }
    for (const a of effect.alerts) {
      db.insert(t.alerts)
        .values({ key: a.key, data: a })
        .onConflictDoUpdate({ target: t.alerts.key, set: { data: a } })
        .run();
    }
    for (const key of effect.alertsCleared) db.delete(t.alerts).where(eq(t.alerts.key, key)).run();
    this.#q.logChange.run({ seq, diff: diffJson });
    for (const a of audit) this.#q.audit.run(a);
  }

  diffsSince(since: number): string[] | null {
    const first = this.#db
      .select({ seq: t.changeLog.seq })
      .from(t.changeLog)
      .orderBy(asc(t.changeLog.seq))
      .limit(1)
      .get();
    if (!first || first.seq > since + 1) return null;
    return this.#db
      .select({ diff: t.changeLog.diff })
      .from(t.changeLog)
      .where(gt(t.changeLog.seq, since))
      .orderBy(asc(t.changeLog.seq))
      .all()
      .map((r) => r.diff);
  }

  listShifts(limit: number, beforeId?: number): Shift[] {
    const where = beforeId === undefined ? undefined : lt(t.shifts.id, beforeId);
    return this.#db.select().from(t.shifts).where(where).orderBy(desc(t.shifts.id)).limit(limit).all().map(toShift);
  }

  getShift(id: number): EndedShiftRow | undefined {
    const row = this.#db.select().from(t.shifts).where(eq(t.shifts.id, id)).get();
    return row ? withSnapshot(row) : undefined;
  }

  endedShifts(limit: number): EndedShiftRow[] {
    return this.#db
      .select()
      .from(t.shifts)
      .where(isNotNull(t.shifts.endedAt))
      .orderBy(desc(t.shifts.id))
      .limit(limit)
      .all()
      .map(withSnapshot);
  }

  prune(nowMs: number, seq: number): void {
    // Runs every few hundred seqs, so a scan for the 50,000th newest id costs little per mutation
    // and spares every mutation the write to an index on `at`.
    const newest = this.#db
      .select({ at: t.mutations.at })
      .from(t.mutations)
      .orderBy(desc(t.mutations.at))
      .limit(1)
      .offset(LIMITS.mutationIdKeepCount)
      .get();
    if (newest) {
      const cutoff = Math.min(newest.at, nowMs - LIMITS.mutationIdKeepMs);
      this.#db.delete(t.mutations).where(lt(t.mutations.at, cutoff)).run();
    }
    this.#db
      .delete(t.changeLog)
      .where(lte(t.changeLog.seq, seq - LIMITS.changeLogKeep))
      .run();
  }

  // Outbox

  peekAudit(limit: number): (AuditEntry & { id: number })[] {
    return this.#db.select().from(t.auditOutbox).orderBy(asc(t.auditOutbox.id)).limit(limit).all();
  }

  deleteAuditUpTo(id: number): void {
    this.#db.delete(t.auditOutbox).where(lte(t.auditOutbox.id, id)).run();
  }

  auditPendingCount(): number {
    return this.#db.select({ n: count() }).from(t.auditOutbox).get()?.n ?? 0;
  }

  pendingAudit(q: AuditQuery): AuditEntry[] {
    // The outbox holds seconds of rows (minutes while D1 is down), so the rest of the filter runs here.
    const where = q.carId === undefined ? undefined : eq(t.auditOutbox.carId, q.carId);
    return this.#db
      .select()
      .from(t.auditOutbox)
      .where(where)
      .all()
      .map(({ id: _id, ...entry }) => entry)
      .filter((e) => matchesAudit(e, q))
      .sort(compareAudit);
  }

  unsyncedShifts(): EndedShiftRow[] {
    return this.#db
      .select()
      .from(t.shifts)
      .where(and(eq(t.shifts.synced, false), isNotNull(t.shifts.endedAt)))
      .all()
      .map(withSnapshot);
  }

  markShiftSynced(id: number): void {
    this.#db.update(t.shifts).set({ synced: true }).where(eq(t.shifts.id, id)).run();
  }

  unsyncedFacility(): { facility: Facility; facilitySeq: number } | null {
    const row = this.#db.select().from(t.facility).get();
    if (!row || row.syncedFacilitySeq >= row.facilitySeq) return null;
    return { facility: facilityOf(row), facilitySeq: row.facilitySeq };
  }

  markFacilitySynced(facilitySeq: number): void {
    this.#db.update(t.facility).set({ syncedFacilitySeq: facilitySeq }).where(eq(t.facility.key, 1)).run();
  }
}
