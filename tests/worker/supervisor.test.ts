import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AnalyticsResponseSchema } from "../../shared";
import { TestSocket, api, postMutation, tokenFor, update, uuid } from "./helpers";

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
    // Who did the work, from the audit (the outbox before a flush, D1 after): kim's taps, the shift's start and end.
    const people = (b: typeof body) => b.shifts.map((s) => s.people);
    expect(people(body)).toEqual([
      [
        { name: "kim", role: "crew", taps: 10 },
        { name: "supervisor-tester", role: "supervisor", taps: 2 },
      ],
      [
        { name: "kim", role: "crew", taps: 7 },
        { name: "supervisor-tester", role: "supervisor", taps: 2 },
      ],
    ]);
    await runDurableObjectAlarm(env.Facility.getByName("demo"));
    const flushed = AnalyticsResponseSchema.parse(await (await api("/api/facilities/demo/analytics")).json());
    expect(people(flushed)).toEqual(people(body));

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

describe("cut-off", () => {
  it("flags every car not arrived as late at the cut-off, as the hub, once", async () => {
    const wall = await TestSocket.open({ role: "display", name: "wall" });
    await wall.next("snapshot");
    await postMutation(update("690330", { arrived: true }), "demo", "kim", "crew");
    // Due at once, so nothing waits for time to pass (the room's tests in Node move a clock to the cut-off).
    const cutoff = new Date().toISOString();
    const start = { type: "shift.start", mutationId: uuid(), cutoff };
    expect((await postMutation(start)).status).toBe(200);
    const open = await wall.next("diff", (d) => d.mutationId === start.mutationId);
    expect(open.shift).toMatchObject({ cutoffAt: cutoff });
    // The Durable Object's own alarm fires at the cut-off; nobody sends anything.
    const flagged = await wall.next("diff", (d) => d.by.name === "system", 5000);
    expect(flagged.by).toEqual({ name: "system", role: "system" });
    const state = (await (await api("/api/facilities/demo/state")).json()) as {
      cars: { id: string; arrived: boolean; late: boolean; updatedBy: string }[];
    };
    const notArrived = state.cars.filter((c) => !c.arrived);
    expect(notArrived.length).toBeGreaterThan(0);
    expect(notArrived.every((c) => c.late)).toBe(true);
    expect(state.cars.find((c) => c.id === "690330")).toMatchObject({ arrived: true, late: false });
    const audit = (await (await api("/api/facilities/demo/audit?actor=system&limit=1000")).json()) as {
      entries: { action: string; field: string; actorRole: string }[];
    };
    // The hub's own rows: one per car it flagged, and the cut-off's alert (checked on the same ring).
    const cutoffRows = audit.entries.filter((e) => e.action === "shift.cutoff");
    expect(cutoffRows.length).toBe(flagged.cars.length);
    expect(cutoffRows.every((e) => e.field === "late")).toBe(true);
    expect(audit.entries.filter((e) => e.action === "alerts.check").map((e) => e.field)).toEqual([
      expect.stringMatching(/^alert\/cutoff:/),
    ]);

    // A supervisor clears one; a later alarm does not flag it again.
    await postMutation(update("690331", { late: false }));
    await runDurableObjectAlarm(env.Facility.getByName("demo"));
    // (The hub's other diff here is the cut-off's alert; it flags no car.)
    const later = await wall.quiet("diff");
    expect(later.filter((d) => d.by.name === "system").flatMap((d) => d.cars)).toEqual([]);
    wall.close();
    expect((await postMutation({ type: "shift.end", mutationId: uuid() })).status).toBe(200);
  });

  it("refuses a bad cut-off, and a cut-off sent by anyone but the hub", async () => {
    const bad = await postMutation({ type: "shift.start", mutationId: uuid(), cutoff: "6:30" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_message", error: expect.stringContaining("cutoff") });
    const forged = await postMutation({ type: "shift.cutoff", mutationId: uuid(), shiftId: 1 });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "forbidden", error: expect.stringContaining("hub itself") });
  });
});
