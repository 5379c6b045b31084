import { describe, expect, it } from "vitest";
import { logLine, routeOf, scrubReport, type Mutation } from "../../shared";
import { newRoom, update } from "./harness";

describe("usage days and the building's health", () => {
  it("counts each change once into its day, writes the day whole, and keeps it waiting while the archive is down", async () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    const sam = t.claims("supervisor", "sam");
    t.archive.down = true;
    const scan: Mutation = {
      type: "car.update",
      mutationId: crypto.randomUUID(),
      carId: "128414",
      patch: { arrived: true },
      via: "scan",
    };
    t.room.mutate(scan, kim);
    t.room.mutate(update("128421", { late: true }), sam);
    t.room.mutate(update("128421", { late: true }), sam); // changes nothing: not a tap
    await t.clock.advance(1000);
    expect(t.archive.usage.size).toBe(0);
    expect(t.room.health().flushFailures).toBeGreaterThanOrEqual(1);
    expect(t.room.health().outboxDepth).toBeGreaterThan(0);

    t.archive.down = false;
    await t.clock.advance(5000);
    const day = [...t.archive.usage.values()];
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ taps: 2, scans: 1, people: 2, byRole: { crew: 1, supervisor: 1 } });
    const health = t.room.health();
    expect(health).toMatchObject({ flushFailures: 0, outboxDepth: 0, oldestOutboxAgeMs: null });
    expect(health.usage.perMinute.at(-1)!.byType["car.update"]).toBe(3);
    expect(health.usage.viaHttp).toBe(3);

    // A later tap rewrites the whole day: the count is the day's, never a sum of writes.
    t.room.mutate(update("128425", { arrived: true }), kim);
    await t.clock.advance(1000);
    expect([...t.archive.usage.values()]).toEqual([expect.objectContaining({ taps: 3, scans: 1, people: 2 })]);
  });

  it("refusals count by code, and a session over its rate is counted", () => {
    const t = newRoom({ config: { rateBurst: 2, ratePerSec: 1 } });
    const crew = t.claims("crew", "kim");
    t.room.mutate({ type: "car.remove", mutationId: crypto.randomUUID(), carId: "128414" }, crew);
    expect(t.room.health().usage.rejects).toEqual({ forbidden: 1 });
    for (let i = 0; i < 5; i++) t.room.gate(crew);
    expect(t.room.health().usage.rateLimited).toBe(1);
    t.room.gate(t.claims("crew", "lee"));
    expect(t.room.health().usage.rateLimited).toBe(1);
  });
});

describe("log lines and error reports", () => {
  it("names the route without the building's id, which has its own field", () => {
    expect(routeOf("GET", "/api/facilities/atl-1/shifts/42")).toEqual({
      route: "GET /api/facilities/:fid/shifts/:id",
      facility: "atl-1",
    });
    expect(routeOf("POST", "/api/session")).toEqual({ route: "POST /api/session", facility: null });
    const line = JSON.parse(
      logLine({ kind: "request", facility: "x", id: "r1", route: "GET /api/health", outcome: "ok", durationMs: 3 }),
    );
    expect(line).toEqual({
      kind: "request",
      facility: "x",
      id: "r1",
      route: "GET /api/health",
      outcome: "ok",
      durationMs: 3,
    });
  });

  it("takes tokens and codes out of what a screen reports", () => {
    expect(scrubReport("at /f/demo?token=abc.def&code=1234&x=1")).toBe("at /f/demo?token=[removed]&code=[removed]&x=1");
    expect(scrubReport("Authorization: Bearer eyJabc.def")).toBe("Authorization: Bearer [removed]");
    expect(scrubReport("failed eyJhbGciOiJIUzI1NiJ9abc.c2lnbmF0dXJlMTIzNDU2Nzg5MA")).toBe("failed [removed]");
  });
});
