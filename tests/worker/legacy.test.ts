import { describe, expect, it } from "vitest";
import { TestSocket, api, tokenFor } from "./helpers";

const LEGACY_CAR_KEYS = [
  "arrived",
  "arrivedAt",
  "empty",
  "emptyAt",
  "id",
  "lastUpdatedAt",
  "lastUpdatedBy",
  "late",
  "location",
  "notes",
  "version",
];

describe("the old tracker's HTTP API on facility demo", () => {
  it("keeps /api/health and the car shapes", async () => {
    const health = (await (await api("/api/health")).json()) as { status: string; timestamp: string };
    expect(health.status).toBe("ok");
    expect(Number.isNaN(Date.parse(health.timestamp))).toBe(false);
    const list = (await (await api("/api/cars")).json()) as { cars: Record<string, unknown>[] };
    expect(list.cars).toHaveLength(43);
    expect(Object.keys(list.cars[0]!).sort()).toEqual(LEGACY_CAR_KEYS);
    const one = await api("/api/cars/128489");
    expect(((await one.json()) as { car: { id: string } }).car.id).toBe("128489");
    const missing = await api("/api/cars/NOPE");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "Car not found" });
  });

  it("creates, updates with expectedVersion, answers 409 when stale, and deletes; every change is broadcast", async () => {
    const s = await TestSocket.open();
    await s.next("snapshot");
    const created = await api("/api/cars", {
      method: "POST",
      // userId is the old API's; it is ignored, and the audit names the signed-in person.
      json: { id: "LEG-1", location: "400", userId: "boss" },
      as: await tokenFor("demo", "crew", "script"),
    });
    expect(created.status).toBe(201);
    const { car } = (await created.json()) as { car: { version: number; location: string; lastUpdatedBy: string } };
    expect(car).toMatchObject({ location: "400", lastUpdatedBy: "script" });
    expect((await s.next("diff", (d) => d.cars.some((c) => c.id === "LEG-1"))).by.name).toBe("script");
    expect((await api("/api/cars", { method: "POST", json: { id: "LEG-1" } })).status).toBe(409);

    const put = await api("/api/cars/LEG-1", { method: "PUT", json: { arrived: true, expectedVersion: car.version } });
    expect(put.status).toBe(200);
    const after = ((await put.json()) as { car: { version: number; arrived: boolean } }).car;
    expect(after).toMatchObject({ arrived: true, version: car.version + 1 });

    const stale = await api("/api/cars/LEG-1", { method: "PUT", json: { late: true, expectedVersion: car.version } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      error: "Version conflict",
      currentVersion: car.version + 1,
      expectedVersion: car.version,
    });

    const coerced = await api("/api/cars/LEG-1", { method: "PUT", json: { arrived: "false" } });
    expect(coerced.status).toBe(400);

    expect(await (await api("/api/cars/LEG-1", { method: "DELETE" })).json()).toEqual({ success: true });
    // A stale PUT after the delete must not bring the car back.
    const ghost = await api("/api/cars/LEG-1", {
      method: "PUT",
      json: { arrived: true, expectedVersion: after.version },
    });
    expect(ghost.status).toBe(404);
    expect((await api("/api/cars/LEG-1")).status).toBe(404);
    s.close();
  });

  it("resets softly only, reports changes since a seq, and keeps the audit readable", async () => {
    await api("/api/cars/128507", {
      method: "PUT",
      json: { arrived: true },
      as: await tokenFor("demo", "crew", "pat"),
    });
    const hard = await api("/api/cars/reset?hard=true", { method: "POST" });
    expect(hard.status).toBe(400);
    expect((await api("/api/cars")).status).toBe(200);
    const soft = await api("/api/cars/reset", { method: "POST" });
    expect(soft.status).toBe(200);
    const { seq } = (await soft.json()) as { seq: number };
    const cars = ((await (await api("/api/cars")).json()) as { cars: { arrived: boolean }[] }).cars;
    expect(cars.length).toBeGreaterThan(40);
    expect(cars.every((c) => !c.arrived)).toBe(true);

    await api("/api/cars/128508", { method: "PUT", json: { late: true } });
    const changes = (await (await api(`/api/sync/changes?since=${seq}`)).json()) as {
      cars: { id: string }[];
      seq: number;
    };
    expect(changes.cars.map((c) => c.id)).toEqual(["128508"]);
    expect(changes.seq).toBe(seq + 1);
    const byTime = await api(`/api/sync/changes?since=${encodeURIComponent("2000-01-01T00:00:00Z")}`);
    expect(byTime.status).toBe(200);
    expect((await api("/api/sync/changes?since=yesterday")).status).toBe(400);

    const audit = (await (await api("/api/audit?carId=128507&limit=5")).json()) as {
      auditLogs: Record<string, unknown>[];
    };
    expect(audit.auditLogs[0]).toMatchObject({
      car_id: "128507",
      action: "fleet.reset",
      field_changed: "arrived",
      old_value: "true",
      new_value: "false",
    });
    expect(audit.auditLogs[1]).toMatchObject({
      car_id: "128507",
      action: "updated",
      field_changed: "arrived",
      changed_by: "pat",
    });
    expect(Object.keys(audit.auditLogs[0]!).sort()).toEqual([
      "action",
      "car_id",
      "changed_at",
      "changed_by",
      "field_changed",
      "id",
      "new_value",
      "old_value",
    ]);
  });

  it("starts and ends shifts, refusing a second start", async () => {
    const start = await api("/api/shifts", {
      method: "POST",
      json: { action: "start", notes: "night" },
      as: await tokenFor("demo", "supervisor", "sam"),
    });
    expect(start.status).toBe(201);
    expect(await start.json()).toMatchObject({ shift: { startedBy: "sam", notes: "night", endedAt: null } });
    expect((await api("/api/shifts", { method: "POST", json: { action: "start" } })).status).toBe(409);
    expect((await api("/api/shifts", { method: "POST", json: { action: "pause" } })).status).toBe(400);
    const end = await api("/api/shifts", {
      method: "POST",
      json: { action: "end" },
      as: await tokenFor("demo", "supervisor", "sam"),
    });
    expect(end.status).toBe(201);
    const list = (await (await api("/api/shifts?limit=5")).json()) as {
      shifts: { endedBy: string; stats: { total: number } }[];
    };
    expect(list.shifts[0]).toMatchObject({ endedBy: "sam", stats: { total: expect.any(Number) } });
    expect((await api("/api/shifts", { method: "DELETE" })).status).toBe(405);
  });

  it("needs a session like everything else, and the role for deletes, resets and shifts", async () => {
    const none = await api("/api/cars", { as: null });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: "unauthorized", error: expect.stringContaining("sign in") });
    const crew = await tokenFor("demo", "crew", "casey");
    const display = await tokenFor("demo", "display", "wall");
    expect((await api("/api/cars", { as: display })).status).toBe(200);
    const put = await api("/api/cars/128414", { method: "PUT", json: { late: true }, as: display });
    expect(put.status).toBe(403);
    expect(await put.json()).toMatchObject({ code: "forbidden" });
    expect((await api("/api/cars/128414", { method: "DELETE", as: crew })).status).toBe(403);
    expect((await api("/api/cars/reset", { method: "POST", as: crew })).status).toBe(403);
    expect((await api("/api/shifts", { method: "POST", json: { action: "start" }, as: crew })).status).toBe(403);
    expect((await api("/api/audit", { as: crew })).status).toBe(403);
    expect((await api("/api/cars/128414")).status).toBe(200);
    const car = ((await (await api("/api/cars/128414")).json()) as { car: { late: boolean } }).car;
    expect(car.late).toBe(false);
  });
});
