import { describe, expect, it } from "vitest";
import { blankCar, PROTOCOL_VERSION, type SnapshotMessage } from "../../shared";
import { boardKept, boardToKeep } from "../../web/src/net/saved-board";

const AT = "2026-12-02T20:00:00.000Z";
const snapshot: SnapshotMessage = {
  type: "snapshot",
  protocol: PROTOCOL_VERSION,
  seq: 7,
  facility: { id: "demo", name: "Demo", locations: ["Yard", "100"], doors: ["9"] },
  shift: null,
  cars: [
    { ...blankCar("128489", "Yard", AT, "kim"), version: 3, late: true, notes: "flat tyre" },
    { ...blankCar("A1", "100", AT, "sam"), version: 1, movedAt: AT, arrived: true, arrivedAt: AT },
  ],
  doors: [],
  visits: [],
  alerts: [],
};

describe("the board as a device keeps it", () => {
  it("keeps the cars field by field and gives back the same snapshot, as IndexedDB would hand it over", () => {
    const kept = structuredClone(boardToKeep(snapshot));
    expect(kept.snapshot.cars).toEqual([]);
    expect(kept.cars.id).toEqual(["128489", "A1"]);
    const back = boardKept({ fid: "demo", ...kept, savedAt: 1 });
    expect(back).toEqual(snapshot);
    // A field the car does not have stays absent, not present as undefined.
    expect(back && "movedAt" in back.cars[0]!).toBe(false);
  });

  it("reads a board saved before, with its cars in the snapshot", () => {
    expect(boardKept({ fid: "demo", snapshot: structuredClone(snapshot), savedAt: 1 })).toEqual(snapshot);
  });

  it("gives nothing for a kept board that does not check out, rather than a car with holes", () => {
    const kept = structuredClone(boardToKeep(snapshot));
    expect(boardKept({ ...kept, cars: { ...kept.cars, late: ["yes", false] } })).toBeNull();
    expect(boardKept({ ...kept, cars: { ...kept.cars, version: [3] } })).toBeNull();
    expect(boardKept({ ...kept, cars: { ...kept.cars, updatedAt: [AT, undefined] } })).toBeNull();
    expect(boardKept({ cars: kept.cars })).toBeNull();
  });
});
