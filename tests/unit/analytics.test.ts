import { describe, expect, it } from "vitest";
import { analyticsOf, blankCar, shiftAnalytics, type Car, type Shift } from "../../shared";

const START = "2026-11-24T04:00:00.000Z";
const at = (min: number) => new Date(Date.parse(START) + min * 60_000).toISOString();
const shift = (id: number, endMin: number): Shift => ({
  id,
  startedAt: START,
  startedBy: "sam",
  notes: "",
  endedAt: at(endMin),
  endedBy: "sam",
  endNotes: "",
  stats: null,
  cutoffAt: null,
});
const car = (id: string, location: string, arrive: number | null, empty: number | null, late = false): Car => ({
  ...blankCar(id, location, START, "t"),
  arrived: arrive !== null,
  arrivedAt: arrive === null ? null : at(arrive),
  empty: empty !== null,
  emptyAt: empty === null ? null : at(empty),
  late,
  version: 1,
});

describe("shift analytics", () => {
  const cars = [
    car("A", "100", 5, 25),
    car("B", "100", 20, 60),
    car("C", "200", 40, 50, true),
    car("D", "200", null, null, true),
    car("E", "Yard", 70, null),
  ];

  it("counts arrivals per 15 minutes, lateness, on-time rate and arrival-to-empty times", () => {
    const a = shiftAnalytics(shift(1, 90), cars, ["Yard", "100", "200"]);
    expect(a).toMatchObject({ total: 5, arrived: 4, late: 2, onTimeRate: 3 / 5 });
    expect(a.arrivalCurve.map((p) => [p.minute, p.arrived])).toEqual([
      [0, 0],
      [15, 1],
      [30, 2],
      [45, 3],
      [60, 3],
      [75, 4],
      [90, 4],
    ]);
    // 20, 40 and 10 minutes: nearest-rank median 20, p90 40.
    expect(a.arrivalToEmpty).toEqual({ count: 3, medianMin: 20, p90Min: 40 });
    expect(a.byLocation).toEqual([
      { location: "100", count: 2, medianMin: 20, p90Min: 40 },
      { location: "200", count: 1, medianMin: 10, p90Min: 10 },
    ]);
  });

  it("counts only what happened inside the shift", () => {
    const before = car("P", "100", -30, 10);
    const after = car("Q", "100", 100, 120);
    const a = shiftAnalytics(shift(1, 90), [...cars, before, after], ["Yard", "100", "200"]);
    // Marked before the start or after the end: on the board, but no arrival or unload of this shift.
    expect(a.arrivalCurve.at(-1)!.arrived).toBe(4);
    expect(a.arrivalCurve[0]!.arrived).toBe(0);
    expect(a.arrivalToEmpty).toEqual({ count: 3, medianMin: 20, p90Min: 40 });
  });

  it("adds shifts up, and says nothing rather than a wrong number when there is no data", () => {
    const empty = shiftAnalytics(shift(2, 30), [], ["Yard"]);
    expect(empty).toMatchObject({ total: 0, onTimeRate: null, arrivalToEmpty: { count: 0, medianMin: null } });
    const both = analyticsOf(
      [
        { shift: shift(2, 30), cars: [] },
        { shift: shift(1, 90), cars },
      ],
      ["Yard", "100", "200"],
    );
    expect(both.shifts.map((s) => s.id)).toEqual([2, 1]);
    expect(both.overall).toMatchObject({ late: 2, onTimeRate: 3 / 5, arrivalToEmpty: { count: 3 } });
    // The empty 30-minute shift stays at 0; the other reaches 4: the mean ends at 2.
    expect(both.overall.arrivalCurve.map((p) => p.arrived)).toEqual([0, 0.5, 1, 1.5, 1.5, 2, 2]);
  });
});
