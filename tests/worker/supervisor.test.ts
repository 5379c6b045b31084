import { describe, expect, it } from "vitest";
import { AnalyticsResponseSchema } from "../../shared";
import { api, postMutation, tokenFor, update, uuid } from "./helpers";

const shift = (type: "shift.start" | "shift.end") => ({ type, mutationId: uuid() });

describe("analytics", () => {
  it("computes each ended shift from the board it stored, newest first", async () => {
    for (const [n, late] of [
      [3, 1],
      [5, 0],
    ] as const) {
      expect((await postMutation(shift("shift.start"))).status).toBe(200);
      for (const id of ["128414", "128421", "128425", "128431", "128446"].slice(0, n)) {
        await postMutation(update(id, { arrived: true }), "demo", "kim", "crew");
        await postMutation(update(id, { empty: true }), "demo", "kim", "crew");
      }
      if (late) await postMutation(update("128448", { late: true }), "demo", "kim", "crew");
      expect((await postMutation(shift("shift.end"))).status).toBe(200);
    }
    const res = await api("/api/facilities/demo/analytics");
    expect(res.status).toBe(200);
    const body = AnalyticsResponseSchema.parse(await res.json());
    expect(body.shifts.map((s) => [s.total, s.arrived, s.late])).toEqual([
      [43, 5, 0],
      [43, 3, 1],
    ]);
    expect(body.shifts[0]!.arrivalToEmpty.count).toBe(5);
    expect(body.shifts[0]!.arrivalCurve.at(-1)!.arrived).toBe(5);
    expect(body.overall).toMatchObject({ late: 1, onTimeRate: 8 / 86, arrivalToEmpty: { count: 8 } });
    expect(body.overall.byLocation.map((l) => l.location)).toEqual(["Yard"]);

    const one = AnalyticsResponseSchema.parse(await (await api("/api/facilities/demo/analytics?shifts=1")).json());
    expect(one.shifts).toHaveLength(1);
    for (const q of ["shifts=0", "shifts=31", "shifts=x"]) {
      const bad = await api(`/api/facilities/demo/analytics?${q}`);
      expect(bad.status, q).toBe(400);
      expect(await bad.json()).toMatchObject({ code: "invalid_message" });
    }
    expect((await api("/api/facilities/demo/analytics", { as: await tokenFor("demo", "crew", "kim") })).status).toBe(
      403,
    );
  });
});
