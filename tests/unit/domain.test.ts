import { describe, expect, it } from "vitest";
import {
  applyEffect,
  applyPatch,
  blankCar,
  countCars,
  statsOf,
  CarIdSchema,
  DEFAULT_LOCATIONS,
  MutationSchema,
  statusOf,
  uniformFieldVersions,
  viewOf,
  type FacilityState,
  type Mutation,
} from "../../shared";
import { REFUSALS } from "../../shared/domain/board-refusals";
import { planMutation } from "../../shared/domain/plan-any";

const NOW = "2026-11-24T10:00:00.000Z";
const LATER = "2026-11-24T11:00:00.000Z";
const actor = { name: "tester", role: "crew" };
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

function facility(carIds: string[] = ["A", "B"]): FacilityState {
  const cars = new Map(
    carIds.map((c) => [
      c,
      { car: { ...blankCar(c, "Yard", NOW, "system"), version: 1 }, fieldVersions: uniformFieldVersions(1) },
    ]),
  );
  return {
    facility: { id: "t", name: "T", locations: [...DEFAULT_LOCATIONS], doors: ["9", "10"] },
    shift: null,
    seq: 0,
    cars,
    doors: new Map(),
    visits: new Map(),
    alerts: new Map(),
  };
}

function run(state: FacilityState, m: Omit<Mutation, "mutationId">, now = LATER): FacilityState {
  const mutation = MutationSchema.parse({ ...m, mutationId: id() });
  const plan = planMutation(viewOf(state), mutation, { actor, now, seq: state.seq + 1 });
  if (!plan.ok) throw new Error(`${plan.code}: ${plan.message}`);
  return applyEffect(state, plan.effect, state.seq + 1);
}

function tryRun(state: FacilityState, m: Omit<Mutation, "mutationId">) {
  return planMutation(viewOf(state), MutationSchema.parse({ ...m, mutationId: id() }), {
    actor,
    now: LATER,
    seq: state.seq + 1,
  });
}

describe("car rules", () => {
  const car = blankCar("X", "Yard", NOW, "s");

  it("empty implies arrived, and stamps both times", () => {
    const { next, changed } = applyPatch(car, { empty: true }, LATER);
    expect(next).toMatchObject({ arrived: true, empty: true, arrivedAt: LATER, emptyAt: LATER });
    expect(changed.sort()).toEqual(["arrived", "empty"]);
  });

  it("un-arriving clears empty and both times", () => {
    const full = applyPatch(car, { empty: true }, NOW).next;
    const { next } = applyPatch(full, { arrived: false }, LATER);
    expect(next).toMatchObject({ arrived: false, empty: false, arrivedAt: null, emptyAt: null });
  });

  it("an empty car is never late, and keeps its first arrival time", () => {
    const late = applyPatch(applyPatch(car, { arrived: true, late: true }, NOW).next, {}, NOW).next;
    const { next } = applyPatch(late, { empty: true }, LATER);
    expect(next).toMatchObject({ late: false, arrivedAt: NOW, emptyAt: LATER });
    expect(applyPatch(next, { late: true }, LATER).next.late).toBe(false);
  });

  it("names statuses the way the old export did", () => {
    expect(statusOf(car)).toBe("Pending");
    expect(statusOf({ ...car, late: true })).toBe("Late");
    expect(statusOf({ ...car, arrived: true, late: true })).toBe("Arrived");
    expect(statusOf({ ...car, arrived: true, empty: true })).toBe("Empty");
  });

  it("trims car ids and refuses forbidden characters", () => {
    expect(CarIdSchema.parse("  128489 ")).toBe("128489");
    expect(CarIdSchema.safeParse("12 84").success).toBe(false);
    expect(CarIdSchema.safeParse("<script>").success).toBe(false);
    expect(CarIdSchema.safeParse("").success).toBe(false);
    expect(CarIdSchema.safeParse("PC-12A").success).toBe(true);
  });

  it("never coerces strings to booleans", () => {
    const parsed = MutationSchema.safeParse({
      type: "car.update",
      mutationId: id(),
      carId: "A",
      patch: { arrived: "false" },
    });
    expect(parsed.success).toBe(false);
  });
});

describe("planning mutations", () => {
  it("adds a car at the first location, with its flags audited", () => {
    const s = run(facility([]), { type: "car.add", carId: "N1", late: true } as never);
    expect(s.cars.get("N1")!.car).toMatchObject({ location: "Yard", late: true, version: 1 });
  });

  it("counts versions per car and field versions per field", () => {
    let s = run(facility(), { type: "car.update", carId: "A", patch: { location: "100" } } as never);
    s = run(s, { type: "car.update", carId: "A", patch: { arrived: true } } as never);
    expect(s.cars.get("A")!.car.version).toBe(3);
    expect(s.cars.get("A")!.fieldVersions).toMatchObject({ location: 2, arrived: 3, late: 1, notes: 1 });
    expect(s.cars.get("B")!.car.version).toBe(1);
  });

  it("strict updates conflict on any newer version; field-level ones only on a changed field", () => {
    const s = run(facility(), { type: "car.update", carId: "A", patch: { notes: "x" } } as never);
    expect(tryRun(s, { type: "car.update", carId: "A", baseVersion: 1, patch: { late: true } } as never).ok).toBe(true);
    expect(
      tryRun(s, { type: "car.update", carId: "A", baseVersion: 1, strict: true, patch: { late: true } } as never),
    ).toMatchObject({ ok: false, code: "conflict" });
    expect(tryRun(s, { type: "car.update", carId: "A", baseVersion: 1, patch: { notes: "y" } } as never)).toMatchObject(
      { ok: false, code: "conflict" },
    );
    expect(tryRun(s, { type: "car.update", carId: "A", baseVersion: 9, patch: { late: true } } as never)).toMatchObject(
      { ok: false, code: "conflict" },
    );
  });

  it("imports atomically: one bad row refuses the whole import", () => {
    const s = facility(["A"]);
    const bad = tryRun(s, {
      type: "fleet.import",
      cars: [
        { id: "A", arrived: true },
        { id: "Z", location: "Mars" },
      ],
    } as never);
    expect(bad).toMatchObject({ ok: false, code: "invalid_location" });
    expect(bad.ok ? "" : bad.message).toContain("row 2");
    // The row's reason is part of the refusal's own words, so a Spanish screen says all of it in Spanish.
    expect(bad.ok ? null : bad.words).toEqual({
      text: REFUSALS.rowLocationUnknown,
      params: { row: "2", car: "Z", location: "Mars", locations: DEFAULT_LOCATIONS.join(", ") },
    });
    const good = run(s, {
      type: "fleet.import",
      cars: [
        { id: "A", arrived: true },
        { id: "Z", location: "200", late: true },
      ],
    } as never);
    expect(good.cars.get("A")!.car.arrived).toBe(true);
    expect(good.cars.get("Z")!.car).toMatchObject({ location: "200", late: true });
  });

  it("resets statuses but keeps the fleet and locations", () => {
    let s = run(facility(), { type: "car.update", carId: "A", patch: { empty: true, location: "300" } } as never);
    s = run(s, { type: "fleet.reset" } as never);
    expect(s.cars.get("A")!.car).toMatchObject({ arrived: false, empty: false, location: "300" });
    expect(s.cars.size).toBe(2);
  });

  it("opens one shift at a time and ends it with stats and a reset", () => {
    let s = run(facility(), { type: "shift.start", notes: "n" } as never);
    expect(s.shift).toMatchObject({ startedBy: "tester", notes: "n" });
    expect(tryRun(s, { type: "shift.start" } as never)).toMatchObject({ ok: false, code: "shift_open" });
    s = run(s, { type: "car.update", carId: "A", patch: { arrived: true } } as never);
    const plan = tryRun(s, { type: "shift.end", notes: "bye" } as never);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.effect.endedShift!.shift.stats).toEqual({ total: 2, arrived: 1, late: 0, empty: 0, notArrived: 1 });
    const after = applyEffect(s, plan.effect, s.seq + 1);
    expect(after.shift).toBeNull();
    expect(after.cars.get("A")!.car.arrived).toBe(false);
  });

  it("changes locations only when no car stands at a dropped one", () => {
    let s = run(facility(), { type: "car.update", carId: "A", patch: { location: "600" } } as never);
    expect(tryRun(s, { type: "facility.setLocations", locations: ["Yard", "100"] } as never)).toMatchObject({
      ok: false,
      code: "location_in_use",
    });
    s = run(s, { type: "facility.setLocations", locations: ["Yard", "600", "Dock 9"] } as never);
    expect(s.facility.locations).toEqual(["Yard", "600", "Dock 9"]);
    expect(tryRun(s, { type: "car.add", carId: "Q", location: "100" } as never)).toMatchObject({
      ok: false,
      code: "invalid_location",
    });
  });

  it("renames a location in place and moves the cars standing there with it, audited per car", () => {
    let s = run(facility(["A", "B", "C"]), { type: "car.update", carId: "A", patch: { location: "600" } } as never);
    s = run(s, { type: "car.update", carId: "B", patch: { location: "600", arrived: true } } as never);
    const plan = tryRun(s, { type: "facility.renameLocation", from: "600", to: "Dock 6" } as never);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.effect.facility!.locations).toEqual(["Yard", "100", "200", "300", "400", "500", "Dock 6", "Shop"]);
    expect(plan.effect.upserts.map((r) => [r.car.id, r.car.location])).toEqual([
      ["A", "Dock 6"],
      ["B", "Dock 6"],
    ]);
    expect(plan.effect.audit.filter((a) => a.field === "location")).toHaveLength(2);
    const after = applyEffect(s, plan.effect, s.seq + 1);
    expect(after.cars.get("B")!.car).toMatchObject({ location: "Dock 6", arrived: true });
    expect(after.cars.get("C")!.car.location).toBe("Yard");
    expect(tryRun(after, { type: "facility.renameLocation", from: "600", to: "X" } as never)).toMatchObject({
      ok: false,
      code: "invalid_location",
    });
    expect(tryRun(after, { type: "facility.renameLocation", from: "Yard", to: "Shop" } as never)).toMatchObject({
      ok: false,
      code: "already_exists",
    });
  });
});

describe("one count of a fleet", () => {
  it("counts late twice on purpose: every late car for a shift's stats, late and not emptied for the board", () => {
    const car = (id: string, patch: Partial<ReturnType<typeof blankCar>>) => ({
      ...blankCar(id, "Yard", NOW, "system"),
      ...patch,
    });
    const cars = [
      car("A", { arrived: true, late: true, empty: true }),
      car("B", { arrived: true, late: true }),
      car("C", { late: true }),
      car("D", { arrived: true }),
      car("E", {}),
    ];
    expect(countCars(cars)).toEqual({ total: 5, arrived: 3, notArrived: 2, empty: 1, late: 3, lateWaiting: 2 });
    expect(statsOf(cars)).toEqual({ total: 5, arrived: 3, notArrived: 2, empty: 1, late: 3 });
  });
});
