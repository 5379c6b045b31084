import { describe, expect, it } from "vitest";
import { analyticsOf, unloadAnalytics, type Shift, type Visit } from "../../shared";

const START = "2026-11-24T04:00:00.000Z";
const at = (min: number) => new Date(Date.parse(START) + min * 60_000).toISOString();
const shift: Shift = {
  id: 1,
  startedAt: START,
  startedBy: "sam",
  notes: "",
  endedAt: at(120),
  endedBy: "sam",
  endNotes: "",
  stats: null,
  cutoffAt: null,
};
const visit = (door: string, trailer: string, v: Partial<Visit>): Visit => ({
  visitId: trailer,
  door,
  trailer,
  origin: "",
  initialPercent: 100,
  remainingPercent: 100,
  status: "arrived",
  dockedAt: at(0),
  startedAt: null,
  completedAt: null,
  departedAt: null,
  notes: [],
  shiftId: 1,
  version: 1,
  updatedAt: at(0),
  updatedBy: "kim",
  ...v,
});

describe("the dock doors' figures for a shift", () => {
  const visits = [
    // Unloaded in 30 minutes after a 10-minute wait, pulled at 60: door 12 busy half the shift.
    visit("12", "A", {
      startedAt: at(10),
      completedAt: at(40),
      departedAt: at(60),
      status: "departed",
      remainingPercent: 0,
    }),
    // Docked before the shift began, finished at 90 without anyone pressing start, still at its door.
    visit("13", "B", {
      dockedAt: at(-60),
      completedAt: at(90),
      status: "completed",
      remainingPercent: 0,
      initialPercent: 60,
    }),
    // Half unloaded and still there at the end.
    visit("14", "C", { dockedAt: at(60), startedAt: at(70), status: "unloading", remainingPercent: 50 }),
  ];

  it("counts trailers unloaded, unload time and time at the door, and each door's work and use", () => {
    const u = unloadAnalytics(shift, visits, ["12", "13", "14", "15"]);
    expect(u.trailersUnloaded).toBe(2);
    // A: 40-10 = 30; B: from docking (no start pressed) 90-(-60) = 150.
    expect(u.unloadTime).toEqual({ count: 2, medianMin: 30, p90Min: 150 });
    // Dwell: A 60, B from docking to the shift's end 180, C 60.
    expect(u.dwell).toEqual({ count: 3, medianMin: 60, p90Min: 180 });
    expect(u.byDoor).toEqual([
      { door: "12", percentPerHour: 50, utilisation: 0.5 },
      // B was docked before the shift: what of it was done before the start is not known, so it adds nothing.
      { door: "13", percentPerHour: 0, utilisation: 1 },
      { door: "14", percentPerHour: 25, utilisation: 0.5 },
      { door: "15", percentPerHour: 0, utilisation: 0 },
    ]);
  });

  it("reads a shift with no door board as having none, and adds the dock up across shifts", () => {
    const a = analyticsOf(
      [
        { shift, cars: [], dock: { doors: ["12", "13", "14"], visits } },
        { shift: { ...shift, id: 0 }, cars: [] },
      ],
      ["Yard"],
    );
    expect(a.shifts[0]!.unload?.trailersUnloaded).toBe(2);
    expect(a.shifts[1]!.unload).toBeNull();
    expect(a.overall.trailersUnloaded).toBe(2);
    expect(a.overall.unloadTime).toEqual({ count: 2, medianMin: 30, p90Min: 150 });
  });

  it("never reads a short shift's work as a larger hourly rate", () => {
    const short = { ...shift, endedAt: at(30) };
    const quick = visit("12", "Q", { completedAt: at(20), status: "completed", remainingPercent: 0 });
    expect(unloadAnalytics(short, [quick], ["12"]).byDoor).toEqual([
      { door: "12", percentPerHour: 100, utilisation: 1 },
    ]);
  });
});
