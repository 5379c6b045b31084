import { describe, expect, it } from "vitest";
import { blankCar, type Car } from "../../shared";
import { inCarOrder, sameLanes } from "../../web/src/ui/car-status";

const AT = "2026-12-02T20:00:00.000Z";
const car = (id: string, location = "Yard"): Car => ({ ...blankCar(id, location, AT, "kim"), version: 1 });
const board = (cars: Car[]) => new Map(cars.map((c) => [c.id, { car: c }]));

describe("the board's order between changes", () => {
  it("keeps the order for the same cars, with each car as it is now", () => {
    const first = inCarOrder([], board([car("B2"), car("128489"), car("A1")]));
    expect(first.map((c) => c.id)).toEqual(["128489", "A1", "B2"]);
    const late = { ...car("A1"), late: true, version: 2 };
    const next = inCarOrder(first, board([first[0]!, late, first[2]!]));
    expect(next.map((c) => c.id)).toEqual(["128489", "A1", "B2"]);
    expect(next[1]).toBe(late);
  });

  it("sorts again when a car comes or goes, even when as many come as go", () => {
    const first = inCarOrder([], board([car("B2"), car("A1")]));
    expect(inCarOrder(first, board([car("B2"), car("A0")])).map((c) => c.id)).toEqual(["A0", "B2"]);
    expect(inCarOrder(first, board([car("C3"), car("B2"), car("A1")])).map((c) => c.id)).toEqual(["A1", "B2", "C3"]);
    expect(inCarOrder(first, undefined)).toEqual([]);
  });

  it("keeps a lane whose cars did not change as the same list, and gives a changed one anew", () => {
    const [a, b, c] = [car("A1"), car("B2", "100"), car("C3", "100")];
    const before = [[a], [b, c]];
    const after = sameLanes(before, [[a], [b, { ...c, late: true }]]);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(sameLanes(before, [[a], [b]])[1]).toEqual([b]);
  });
});
