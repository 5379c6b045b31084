import { describe, expect, it } from "vitest";
import { blankCar, DEFAULT_LOCATIONS, uniformFieldVersions, type FacilityState, type Mutation } from "../../shared";
import { loadPlanAny, loadedPlanAny, withPending } from "../../web/src/store/derive";

// What a screen shows over the confirmed board: its own taps at once. The planners of everything but cars load
// after the first paint (web/src/store/derive.ts), and until then such a change waits for the hub.

const NOW = "2026-12-02T10:00:00.000Z";

const board = (): FacilityState => ({
  facility: { id: "t", name: "T", locations: [...DEFAULT_LOCATIONS], doors: ["9"] },
  shift: null,
  seq: 4,
  cars: new Map([
    ["A1", { car: { ...blankCar("A1", "Yard", NOW, "system"), version: 1 }, fieldVersions: uniformFieldVersions(1) }],
  ]),
  doors: new Map(),
  visits: new Map(),
  alerts: new Map(),
});

const pending: Mutation[] = [
  { type: "car.update", mutationId: "00000000-0000-4000-8000-000000000001", carId: "A1", patch: { arrived: true } },
  { type: "shift.start", mutationId: "00000000-0000-4000-8000-000000000002" },
];

describe("a screen's own taps over the confirmed board", () => {
  it("shows a car's change at once, and a shift's once the planner of the rest has loaded", async () => {
    expect(loadedPlanAny()).toBeNull();
    const before = withPending(board(), pending, "kim", null);
    expect(before.cars.get("A1")?.car.arrived).toBe(true);
    expect(before.shift).toBeNull();

    const plan = await loadPlanAny();
    expect(loadedPlanAny()).toBe(plan);
    const after = withPending(board(), pending, "kim", plan);
    expect(after.cars.get("A1")?.car.arrived).toBe(true);
    expect(after.shift?.startedBy).toBe("kim");
  });
});
