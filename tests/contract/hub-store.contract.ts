import { expect, it } from "vitest";
import {
  DEFAULT_ALERT_RULES,
  LIMITS,
  blankCar,
  emptyEffect,
  uniformFieldVersions,
  type AuditEntry,
  type CarRecord,
  type Effect,
  type Outcome,
  type Shift,
  type Visit,
} from "../../shared";
import type { HubStore, OutboxStore } from "../../party/hub/store";

export type Store = HubStore & OutboxStore;
/** Runs a body against a fresh, empty store, wherever that store has to live (workerd runs it inside the DO). */
export type WithStore = (body: (store: Store) => void) => Promise<void>;

const T0 = "2026-11-30T20:00:00.000Z";
const FACILITY = { id: "contract", name: "Contract hub", locations: ["Yard", "100"], doors: ["9", "10", "11"] };

const record = (id: string, patch: Partial<CarRecord["car"]> = {}, version = 1): CarRecord => {
  const car = { ...blankCar(id, "Yard", T0, "system"), ...patch, version };
  return { car, fieldVersions: uniformFieldVersions(version) };
};

const effect = (e: Partial<Effect> = {}): Effect => ({ ...emptyEffect(), ...e });

const audit = (seq: number, carId: string, field: string, actor = "ana"): AuditEntry => ({
  seq,
  carId,
  action: "car.update",
  field,
  oldValue: "false",
  newValue: "true",
  actor,
  actorRole: "crew",
  at: T0,
  mutationId: `m-${seq}`,
  door: "",
  trailer: "",
});

const visit = (visitId: string, patch: Partial<Visit> = {}): Visit => ({
  visitId,
  door: "9",
  trailer: "53210",
  origin: "",
  initialPercent: 80,
  remainingPercent: 80,
  status: "arrived",
  dockedAt: T0,
  startedAt: null,
  completedAt: null,
  departedAt: null,
  notes: [],
  shiftId: null,
  version: 1,
  updatedAt: T0,
  updatedBy: "kim",
  ...patch,
});

const shift = (id: number, patch: Partial<Shift> = {}): Shift => ({
  id,
  startedAt: T0,
  startedBy: "sam",
  notes: "",
  endedAt: null,
  endedBy: null,
  endNotes: null,
  stats: null,
  cutoffAt: null,
  ...patch,
});

/**
 * What the hub relies on from its store, run over every implementation: the Durable Object's SQLite in
 * workerd (tests/worker) and the in-memory twin in Node (tests/unit). A behaviour only one of them has is a bug.
 */
export function hubStoreContract(withStore: WithStore): void {
  it("starts empty", () =>
    withStore((s) => {
      expect(s.readFacility()).toBeNull();
      expect(s.listCars()).toEqual([]);
      expect(s.openShift()).toBeNull();
      expect(s.diffsSince(0)).toBeNull();
      expect(s.auditPendingCount()).toBe(0);
      expect(s.unsyncedFacility()).toBeNull();
    }));

  it("creates a facility with its cars, listed by id, at seq 0 and waiting to be told to D1", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("B-2"), record("A-1"), record("C-3")], T0);
      expect(s.readFacility()).toEqual({ facility: FACILITY, seq: 0 });
      expect(s.listCars().map((r) => r.car.id)).toEqual(["A-1", "B-2", "C-3"]);
      expect(s.getCar("B-2")).toEqual(record("B-2"));
      expect(s.getCar("Z-9")).toBeUndefined();
      expect(s.unsyncedFacility()).toEqual({ facility: FACILITY, facilitySeq: 0 });
      s.markFacilitySynced(0);
      expect(s.unsyncedFacility()).toBeNull();
      expect(() => s.createFacility(FACILITY, [], T0)).toThrow();
    }));

  it("commits upserts, removals, a facility change, the diff and its audit rows at one seq", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("A-1"), record("B-2")], T0);
      s.markFacilitySynced(0);
      const moved = record("A-1", { location: "100" }, 2);
      s.commit(1, effect({ upserts: [moved], audit: [] }), '{"seq":1}', [audit(1, "A-1", "location")]);
      s.commit(2, effect({ removed: ["B-2"], upserts: [record("N-9")] }), '{"seq":2}', []);
      const renamed = { ...FACILITY, locations: ["Yard", "100", "200"] };
      s.commit(3, effect({ facility: renamed }), '{"seq":3}', [audit(3, "", "locations")]);
      expect(s.readFacility()).toEqual({ facility: renamed, seq: 3 });
      expect(s.getCar("A-1")).toEqual(moved);
      expect(s.listCars().map((r) => r.car.id)).toEqual(["A-1", "N-9"]);
      expect(s.diffsSince(0)).toEqual(['{"seq":1}', '{"seq":2}', '{"seq":3}']);
      expect(s.diffsSince(2)).toEqual(['{"seq":3}']);
      expect(s.diffsSince(3)).toEqual([]);
      expect(s.unsyncedFacility()).toEqual({ facility: renamed, facilitySeq: 3 });
    }));

  it("keeps what a caller holds apart from what it stores", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("A-1")], T0);
      const held = s.getCar("A-1")!;
      held.car.notes = "changed behind the store's back";
      expect(s.getCar("A-1")!.car.notes).toBe("");
    }));

  it("undoes every write of a transaction that throws", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("A-1")], T0);
      expect(() =>
        s.transaction(() => {
          s.commit(1, effect({ removed: ["A-1"] }), "{}", [audit(1, "A-1", "removed")]);
          s.saveOutcome("m-1", { type: "ack", mutationId: "m-1", seq: 1, duplicate: false }, 1);
          throw new Error("the check after the write failed");
        }),
      ).toThrow("the check after the write failed");
      expect(s.getCar("A-1")).toEqual(record("A-1"));
      expect(s.diffsSince(0)).toBeNull();
      expect(s.auditPendingCount()).toBe(0);
      expect(s.findOutcome("m-1")).toBeUndefined();
      expect(s.transaction(() => 42)).toBe(42);
    }));

  it("remembers each mutation's first outcome, once", () =>
    withStore((s) => {
      const ack: Outcome = { type: "ack", mutationId: "m-1", seq: 4, duplicate: false };
      s.saveOutcome("m-1", ack, 1000);
      expect(s.findOutcome("m-1")).toEqual(ack);
      expect(s.findOutcome("m-2")).toBeUndefined();
      expect(() => s.saveOutcome("m-1", ack, 2000)).toThrow();
    }));

  it("keeps idempotency ids for 7 days and always the newest 50,000, at that scale", () =>
    withStore((s) => {
      const now = Date.parse("2026-11-30T20:00:00Z");
      const day = 24 * 3600_000;
      const ack = (id: string): Outcome => ({ type: "ack", mutationId: id, seq: 1, duplicate: false });
      const add = (prefix: string, n: number, at: (i: number) => number) =>
        s.transaction(() => {
          for (let i = 0; i < n; i++) s.saveOutcome(`${prefix}-${i}`, ack(`${prefix}-${i}`), at(i));
        });
      // A quiet building: 10,000 taps this week and 45,000 older ones. The week stays, and so many of the older
      // ones as make up the newest 50,000 (the 50,001st newest is the line, kept too); the oldest go.
      add("week", 10_000, (i) => now - day + i);
      add("old", 45_000, (i) => now - 8 * day - i);
      s.prune(now, 1);
      expect(s.findOutcome("week-0")).toBeDefined();
      expect(s.findOutcome("week-9999")).toBeDefined();
      expect(s.findOutcome("old-0")).toBeDefined();
      expect(s.findOutcome("old-40000")).toBeDefined();
      expect(s.findOutcome("old-40001")).toBeUndefined();
      expect(s.findOutcome("old-44999")).toBeUndefined();
      // A busy week: 60,000 taps in 7 days are all kept, and nothing older is.
      add("busy", 50_000, (i) => now - 2 * day + i);
      s.prune(now, 1);
      expect(s.findOutcome("busy-0")).toBeDefined();
      expect(s.findOutcome("week-0")).toBeDefined();
      expect(s.findOutcome("old-0")).toBeUndefined();
    }));

  it("prunes the change log to the last changeLogKeep, so an older catch-up gets a snapshot", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [], T0);
      for (let seq = 1; seq <= 5; seq++) s.commit(seq, effect(), `{"seq":${seq}}`, []);
      s.prune(Date.now(), LIMITS.changeLogKeep + 3);
      expect(s.diffsSince(0)).toBeNull();
      expect(s.diffsSince(3)).toEqual(['{"seq":4}', '{"seq":5}']);
      expect(s.readFacility()?.seq).toBe(5);
    }));

  it("opens and ends shifts, lists them newest first in pages, and keeps the board an ended one stored", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("A-1")], T0);
      s.commit(1, effect({ shift: { open: shift(1, { notes: "first" }) } }), "{}", []);
      expect(s.openShift()).toEqual(shift(1, { notes: "first" }));
      const stats = { total: 1, arrived: 0, late: 0, empty: 0, notArrived: 1 };
      const endedShift = shift(1, { notes: "first", endedAt: T0, endedBy: "sam", endNotes: "done", stats });
      const doorBoard = {
        doors: [{ door: "9", state: "occupied" as const, visitId: "v1" }],
        visits: [visit("v1")],
        stats: { docked: 1, unloaded: 0, departed: 0, atDoors: 1 },
      };
      s.commit(
        2,
        effect({ shift: { open: null }, endedShift: { shift: endedShift, snapshot: [record("A-1").car], doorBoard } }),
        "{}",
        [],
      );
      s.commit(3, effect({ shift: { open: shift(2) } }), "{}", []);
      expect(s.openShift()?.id).toBe(2);
      expect(s.listShifts(10).map((x) => x.id)).toEqual([2, 1]);
      expect(s.listShifts(10, 2).map((x) => x.id)).toEqual([1]);
      expect(s.listShifts(1)).toEqual([shift(2)]);
      expect(s.getShift(1)).toEqual({ ...endedShift, snapshot: [record("A-1").car], doorBoard });
      expect(s.getShift(2)).toEqual({ ...shift(2), snapshot: null, doorBoard: null });
      expect(s.getShift(9)).toBeUndefined();
      expect(s.endedShifts(5).map((x) => x.id)).toEqual([1]);
      expect(s.unsyncedShifts().map((x) => x.id)).toEqual([1]);
      s.markShiftSynced(1);
      expect(s.unsyncedShifts()).toEqual([]);
    }));

  it("hands the audit outbox out oldest first, deletes up to an id, and filters what is pending", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [], T0);
      s.commit(1, effect(), "{}", [audit(1, "A-1", "arrived"), audit(1, "A-1", "late", "bob")]);
      s.commit(2, effect(), "{}", [audit(2, "B-2", "arrived")]);
      const first = s.peekAudit(2);
      expect(first.map((r) => [r.seq, r.field])).toEqual([
        [1, "arrived"],
        [1, "late"],
      ]);
      expect(first[1]!.id).toBeGreaterThan(first[0]!.id);
      expect(s.auditPendingCount()).toBe(3);
      expect(s.pendingAudit({ limit: 50, carId: "A-1" }).map((e) => e.field)).toEqual(["late", "arrived"]);
      expect(s.pendingAudit({ limit: 50, actor: "bob" }).map((e) => e.field)).toEqual(["late"]);
      s.deleteAuditUpTo(first[1]!.id);
      expect(s.auditPendingCount()).toBe(1);
      expect(s.peekAudit(10).map((r) => r.carId)).toEqual(["B-2"]);
    }));

  it("keeps only doors that are not empty, and lists visits in view by id", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [], T0);
      expect(s.readFacility()?.facility.doors).toEqual(["9", "10", "11"]);
      s.commit(
        1,
        effect({
          doors: [
            { door: "9", state: "occupied", visitId: "v2" },
            { door: "10", state: "pending", visitId: null },
          ],
          visits: [
            visit("v2"),
            visit("v1", { door: "11", status: "departed", departedAt: "2026-11-30T21:00:00.000Z" }),
          ],
        }),
        "{}",
        [],
      );
      expect(s.getDoor("9")).toEqual({ door: "9", state: "occupied", visitId: "v2" });
      expect(s.getDoor("11")).toBeUndefined();
      s.commit(2, effect({ doors: [{ door: "10", state: "empty", visitId: null }] }), "{}", []);
      expect(s.listDoors()).toEqual([{ door: "9", state: "occupied", visitId: "v2" }]);
      expect(s.listVisits(null).map((v) => v.visitId)).toEqual(["v2"]);
      expect(s.listVisits("2026-11-30T20:30:00.000Z").map((v) => v.visitId)).toEqual(["v1", "v2"]);
      expect(s.listVisits("2026-11-30T21:30:00.000Z").map((v) => v.visitId)).toEqual(["v2"]);
      s.commit(3, effect({ visits: [visit("v2", { remainingPercent: 40, version: 2 })] }), "{}", []);
      expect(s.getVisit("v2")?.remainingPercent).toBe(40);
      expect(s.getVisit("nope")).toBeUndefined();
      const doors = ["12", "9"];
      s.commit(4, effect({ facility: { ...FACILITY, doors } }), "{}", []);
      expect(s.readFacility()?.facility.doors).toEqual(doors);
    }));
  it("keeps the alerts that hold by key, a facility's alert rules, and when a car was moved", () =>
    withStore((s) => {
      s.createFacility(FACILITY, [record("A-1")], T0);
      // A car never moved reads back with no movedAt at all, as the hub wrote it.
      expect(s.getCar("A-1")!.car).toEqual(record("A-1").car);
      const alert = (key: string, ackedBy: string | null = null) => ({
        key,
        rule: "notEmpty" as const,
        car: key.slice(key.indexOf(":") + 1),
        door: "",
        trailer: "",
        count: 1,
        since: T0,
        raisedAt: T0,
        ackedBy,
        ackedAt: ackedBy ? T0 : null,
      });
      s.commit(1, effect({ alerts: [alert("notEmpty:B-2"), alert("notEmpty:A-1")] }), "{}", []);
      expect(s.listAlerts().map((a) => a.key)).toEqual(["notEmpty:A-1", "notEmpty:B-2"]);
      s.commit(2, effect({ alerts: [alert("notEmpty:A-1", "sam")], alertsCleared: ["notEmpty:B-2"] }), "{}", []);
      expect(s.listAlerts()).toEqual([alert("notEmpty:A-1", "sam")]);
      const rules = { ...DEFAULT_ALERT_RULES, stalled: { on: false, minutes: 20 } };
      s.commit(3, effect({ facility: { ...FACILITY, alertRules: rules } }), "{}", []);
      expect(s.readFacility()!.facility.alertRules).toEqual(rules);
      s.commit(4, effect({ upserts: [record("A-1", { location: "100", movedAt: T0 }, 2)] }), "{}", []);
      expect(s.getCar("A-1")!.car.movedAt).toBe(T0);
    }));
}
