import {
  LIMITS,
  compareAudit,
  matchesAudit,
  type Alert,
  type AuditEntry,
  type AuditQuery,
  type Car,
  type CarRecord,
  type Door,
  type DoorBoardRecord,
  type Effect,
  type Facility,
  type Outcome,
  type Shift,
  type Visit,
} from "../../shared";
import type { EndedShiftRow, HubStore, OutboxStore } from "../hub/store";

interface ShiftRow {
  shift: Shift;
  snapshot: Car[] | null;
  doorBoard: DoorBoardRecord | null;
  synced: boolean;
}

interface State {
  facility: { facility: Facility; facilitySeq: number; syncedFacilitySeq: number } | null;
  cars: Map<string, CarRecord>;
  doors: Map<string, Door>;
  visits: Map<string, Visit>;
  alerts: Map<string, Alert>;
  shifts: Map<number, ShiftRow>;
  outcomes: Map<string, { outcome: string; at: number }>;
  changeLog: Map<number, string>;
  outbox: Map<number, AuditEntry>;
  nextOutboxId: number;
}

const empty = (): State => ({
  facility: null,
  cars: new Map(),
  doors: new Map(),
  visits: new Map(),
  alerts: new Map(),
  shifts: new Map(),
  outcomes: new Map(),
  changeLog: new Map(),
  outbox: new Map(),
  nextOutboxId: 1,
});

/**
 * The in-memory twin of the Durable Object's SQLite store: the same contract (tests/contract), so the hub's
 * logic can be tested in Node in milliseconds. Values are copied in and out, as rows are, so a caller never
 * holds a reference into the store; a transaction that throws leaves the store as it was.
 */
export class MemoryStore implements HubStore, OutboxStore {
  #s: State = empty();

  transaction<T>(fn: () => T): T {
    const before = structuredClone(this.#s);
    try {
      return fn();
    } catch (err) {
      this.#s = before;
      throw err;
    }
  }

  readFacility(): { facility: Facility; seq: number } | null {
    const f = this.#s.facility;
    if (!f) return null;
    // As in SQLite: the seq is the change log's latest entry, which pruning always keeps.
    const seq = Math.max(0, ...this.#s.changeLog.keys());
    return { facility: structuredClone(f.facility), seq };
  }

  createFacility(facility: Facility, cars: CarRecord[], _now: string): void {
    if (this.#s.facility) throw new Error("facility exists");
    this.#s.facility = { facility: structuredClone(facility), facilitySeq: 0, syncedFacilitySeq: -1 };
    for (const rec of cars) this.#putCar(rec);
  }

  getCar(id: string): CarRecord | undefined {
    const rec = this.#s.cars.get(id);
    return rec ? structuredClone(rec) : undefined;
  }

  listCars(): CarRecord[] {
    return [...this.#s.cars.values()].sort((a, b) => cmp(a.car.id, b.car.id)).map((r) => structuredClone(r));
  }

  openShift(): Shift | null {
    const row = [...this.#s.shifts.values()].find((r) => r.shift.endedAt === null);
    return row ? structuredClone(row.shift) : null;
  }

  getDoor(door: string): Door | undefined {
    const d = this.#s.doors.get(door);
    return d ? structuredClone(d) : undefined;
  }

  listDoors(): Door[] {
    return [...this.#s.doors.values()].map((d) => structuredClone(d));
  }

  getVisit(visitId: string): Visit | undefined {
    const v = this.#s.visits.get(visitId);
    return v ? structuredClone(v) : undefined;
  }

  listVisits(departedSince: string | null): Visit[] {
    return [...this.#s.visits.values()]
      .filter((v) => v.status !== "departed" || (departedSince !== null && (v.departedAt ?? "") >= departedSince))
      .sort((a, b) => cmp(a.visitId, b.visitId))
      .map((v) => structuredClone(v));
  }

  listAlerts(): Alert[] {
    return [...this.#s.alerts.values()].sort((a, b) => cmp(a.key, b.key)).map((a) => structuredClone(a));
  }

  findOutcome(mutationId: string): Outcome | undefined {
    const row = this.#s.outcomes.get(mutationId);
    return row ? (JSON.parse(row.outcome) as Outcome) : undefined;
  }

  saveOutcome(mutationId: string, outcome: Outcome, atMs: number): void {
    if (this.#s.outcomes.has(mutationId)) throw new Error(`outcome ${mutationId} exists`);
    this.#s.outcomes.set(mutationId, { outcome: JSON.stringify(outcome), at: atMs });
  }

  commit(seq: number, effect: Effect, diffJson: string, audit: AuditEntry[]): void {
    for (const id of effect.removed) this.#s.cars.delete(id);
    for (const rec of effect.upserts) this.#putCar(rec);
    if (effect.shift?.open) {
      const open = structuredClone(effect.shift.open);
      this.#s.shifts.set(open.id, { shift: { ...open, stats: null }, snapshot: null, doorBoard: null, synced: false });
    }
    if (effect.endedShift) {
      const { shift, snapshot } = effect.endedShift;
      const row = this.#s.shifts.get(shift.id);
      if (row) {
        row.shift = { ...row.shift, endedAt: shift.endedAt, endedBy: shift.endedBy, endNotes: shift.endNotes };
        row.shift.stats = structuredClone(shift.stats);
        row.snapshot = structuredClone(snapshot);
        row.doorBoard = structuredClone(effect.endedShift.doorBoard);
      }
    }
    for (const d of effect.doors) {
      if (d.state === "empty") this.#s.doors.delete(d.door);
      else this.#s.doors.set(d.door, structuredClone(d));
    }
    for (const v of effect.visits) this.#s.visits.set(v.visitId, structuredClone(v));
    for (const a of effect.alerts) this.#s.alerts.set(a.key, structuredClone(a));
    for (const key of effect.alertsCleared) this.#s.alerts.delete(key);
    if (effect.facility && this.#s.facility) {
      const { name, locations, doors, alertRules } = effect.facility;
      const next: Facility = { ...this.#s.facility.facility, name, locations: [...locations], doors: [...doors] };
      if (alertRules) next.alertRules = structuredClone(alertRules);
      else delete next.alertRules;
      this.#s.facility.facility = next;
      this.#s.facility.facilitySeq = seq;
    }
    if (this.#s.changeLog.has(seq)) throw new Error(`seq ${seq} is logged already`);
    this.#s.changeLog.set(seq, diffJson);
    for (const a of audit) this.#s.outbox.set(this.#s.nextOutboxId++, structuredClone(a));
  }

  diffsSince(since: number): string[] | null {
    const seqs = [...this.#s.changeLog.keys()].sort((a, b) => a - b);
    if (seqs.length === 0 || seqs[0]! > since + 1) return null;
    return seqs.filter((s) => s > since).map((s) => this.#s.changeLog.get(s)!);
  }

  listShifts(limit: number, beforeId?: number): Shift[] {
    return this.#shiftsNewestFirst()
      .filter((r) => beforeId === undefined || r.shift.id < beforeId)
      .slice(0, limit)
      .map((r) => structuredClone(r.shift));
  }

  getShift(id: number): EndedShiftRow | undefined {
    const row = this.#s.shifts.get(id);
    return row ? ended(row) : undefined;
  }

  endedShifts(limit: number): EndedShiftRow[] {
    return this.#shiftsNewestFirst()
      .filter((r) => r.shift.endedAt !== null)
      .slice(0, limit)
      .map(ended);
  }

  prune(nowMs: number, seq: number): void {
    const ats = [...this.#s.outcomes.values()].map((o) => o.at).sort((a, b) => b - a);
    const newest = ats[LIMITS.mutationIdKeepCount];
    if (newest !== undefined) {
      const cutoff = Math.min(newest, nowMs - LIMITS.mutationIdKeepMs);
      for (const [id, o] of this.#s.outcomes) if (o.at < cutoff) this.#s.outcomes.delete(id);
    }
    for (const s of this.#s.changeLog.keys()) if (s <= seq - LIMITS.changeLogKeep) this.#s.changeLog.delete(s);
  }

  // Outbox

  peekAudit(limit: number): (AuditEntry & { id: number })[] {
    return [...this.#s.outbox]
      .sort(([a], [b]) => a - b)
      .slice(0, limit)
      .map(([id, e]) => ({ id, ...structuredClone(e) }));
  }

  deleteAuditUpTo(id: number): void {
    for (const k of this.#s.outbox.keys()) if (k <= id) this.#s.outbox.delete(k);
  }

  auditPendingCount(): number {
    return this.#s.outbox.size;
  }

  pendingAudit(q: AuditQuery): AuditEntry[] {
    return [...this.#s.outbox.values()]
      .filter((e) => matchesAudit(e, q))
      .sort(compareAudit)
      .map((e) => structuredClone(e));
  }

  unsyncedShifts(): EndedShiftRow[] {
    return [...this.#s.shifts.values()].filter((r) => !r.synced && r.shift.endedAt !== null).map(ended);
  }

  markShiftSynced(id: number): void {
    const row = this.#s.shifts.get(id);
    if (row) row.synced = true;
  }

  unsyncedFacility(): { facility: Facility; facilitySeq: number } | null {
    const f = this.#s.facility;
    if (!f || f.syncedFacilitySeq >= f.facilitySeq) return null;
    return { facility: structuredClone(f.facility), facilitySeq: f.facilitySeq };
  }

  markFacilitySynced(facilitySeq: number): void {
    if (this.#s.facility) this.#s.facility.syncedFacilitySeq = facilitySeq;
  }

  #putCar(rec: CarRecord): void {
    this.#s.cars.set(rec.car.id, structuredClone(rec));
  }

  #shiftsNewestFirst(): ShiftRow[] {
    return [...this.#s.shifts.values()].sort((a, b) => b.shift.id - a.shift.id);
  }
}

const ended = (r: ShiftRow): EndedShiftRow => ({
  ...structuredClone(r.shift),
  snapshot: structuredClone(r.snapshot),
  doorBoard: structuredClone(r.doorBoard),
});

/** SQLite's default (binary) text order, which `ORDER BY id` uses. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
