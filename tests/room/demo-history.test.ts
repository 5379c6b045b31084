import { describe, expect, it } from "vitest";
import { AnalyticsResponseSchema, SnapshotMessageSchema, demoHistory } from "../../shared";
import { newRoom } from "./harness";

describe("the demo building's past", () => {
  // Four nights here (the in-memory store copies itself per transaction); the browser test opens all fourteen.
  it("starts with ended shifts whose work happened inside them, and a board ready for tonight", async () => {
    const t = newRoom({ name: "demo", config: { demoHistory: 4 } });
    const boss = t.claims("supervisor", "sam");
    const shifts = t.store.listShifts(50);
    expect(shifts).toHaveLength(4);
    expect(shifts.every((s) => s.endedAt !== null && s.endedAt < new Date(t.clock.now()).toISOString())).toBe(true);
    // Every night has most cars in, a few late by the hub's cut-off, and a handoff.
    for (const s of shifts) {
      expect(s.stats!.total).toBe(43);
      expect(s.stats!.arrived).toBe(43);
      expect(s.endNotes).not.toBe("");
    }
    // Late cars still waiting at the end (an emptied car is no longer late), as the hub's cut-off left them.
    expect(shifts.reduce((n, s) => n + s.stats!.late, 0)).toBeGreaterThan(0);

    const analytics = AnalyticsResponseSchema.parse(await (await t.http("/analytics?shifts=30", boss)).json());
    expect(analytics.shifts).toHaveLength(4);
    const last = analytics.shifts[0]!;
    // Arrivals spread over the evening, not all at minute 0; emptying takes real minutes.
    expect(last.arrivalCurve[0]!.arrived).toBe(0);
    expect(last.arrivalCurve.at(-1)!.arrived).toBe(43);
    expect(last.arrivalToEmpty.medianMin).toBeGreaterThan(15);
    expect(last.unload?.trailersUnloaded).toBe(3);
    expect(analytics.overall.trailersUnloaded).toBe(12);

    const audit = (await (await t.http("/audit?actor=system&limit=5", boss)).json()) as { entries: unknown[] };
    expect(audit.entries.length).toBeGreaterThan(0);
    const board = SnapshotMessageSchema.parse(await (await t.http("/state", boss)).json());
    expect(board.shift).toBeNull();
    expect(board.cars.every((c) => !c.arrived && !c.late && !c.empty)).toBe(true);
    expect(board.doors.every((d) => d.state === "empty")).toBe(true);
  });

  it("is the same past on every fresh start, and none at all when switched off", () => {
    const now = Date.parse("2026-12-01T09:00:00.000Z");
    expect(demoHistory(now, 3)).toEqual(demoHistory(now, 3));
    expect(newRoom({ name: "demo" }).store.listShifts(5)).toEqual([]);
  });
});
