import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPatch, blankCar, CarPatchSchema, type CarPatch } from "../../shared";

const patchArb: fc.Arbitrary<CarPatch> = fc
  .record(
    { arrived: fc.boolean(), late: fc.boolean(), empty: fc.boolean(), location: fc.constantFrom("Yard", "100") },
    { requiredKeys: [] },
  )
  .filter((p) => CarPatchSchema.safeParse(p).success);

describe("car invariants after any sequence of patches", () => {
  it("empty implies arrived, empty is never late, and times follow the flags", () => {
    fc.assert(
      fc.property(fc.array(patchArb, { maxLength: 30 }), (patches) => {
        let car = blankCar("P", "Yard", "t0", "s");
        patches.forEach((p, i) => {
          const before = car;
          const { next, changed } = applyPatch(car, p, `t${i + 1}`);
          car = next;
          if (car.empty) expect(car.arrived).toBe(true);
          if (car.empty) expect(car.late).toBe(false);
          expect(car.arrivedAt === null).toBe(!car.arrived);
          expect(car.emptyAt === null).toBe(!car.empty);
          // An arrival time survives patches that keep the car arrived.
          if (before.arrived && car.arrived) expect(car.arrivedAt).toBe(before.arrivedAt);
          for (const f of changed) expect(car[f]).not.toBe(before[f]);
        });
      }),
      { numRuns: 500 },
    );
  });
});
