import { expect } from "vitest";
import type { SnapshotMessage } from "../../shared";

/** The door board's invariants, checked on any snapshot (the hub's or a client's). */
export function expectDoorInvariants(s: Pick<SnapshotMessage, "doors" | "visits" | "facility">): void {
  expect(s.doors.map((d) => d.door)).toEqual(s.facility.doors);
  const byId = new Map(s.visits.map((v) => [v.visitId, v]));
  const holders = new Map<string, string>();
  for (const d of s.doors) {
    if (d.state !== "occupied") {
      expect(d.visitId, `door ${d.door} is ${d.state} and names a visit`).toBeNull();
      continue;
    }
    const v = byId.get(d.visitId ?? "");
    expect(v, `door ${d.door} is occupied by a visit the board does not hold`).toBeDefined();
    expect(v!.status).not.toBe("departed");
    expect(v!.door).toBe(d.door);
    holders.set(v!.visitId, d.door);
  }
  for (const v of s.visits) {
    expect(v.remainingPercent).toBeGreaterThanOrEqual(0);
    expect(v.remainingPercent).toBeLessThanOrEqual(v.initialPercent);
    if (v.status === "departed") continue;
    // Every visit not departed stands on exactly one door, which is occupied by it.
    expect(holders.get(v.visitId), `trailer ${v.trailer} stands on no door`).toBe(v.door);
    if (v.status === "completed") expect(v.remainingPercent).toBe(0);
  }
  const trailers = s.visits.filter((v) => v.status !== "departed").map((v) => v.trailer);
  expect(new Set(trailers).size).toBe(trailers.length);
}
