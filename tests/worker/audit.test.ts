import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../shared";
import { api, codesFor, postMutation, update, uuid } from "./helpers";

const hub = () => env.Facility.getByName("demo");

async function d1Rows(where = "1=1", ...binds: unknown[]) {
  const { results } = await env.DB.prepare(
    `SELECT * FROM audit_log WHERE facility_id = 'demo' AND ${where} ORDER BY seq, car_id, field`,
  )
    .bind(...binds)
    .all<Record<string, unknown>>();
  return results;
}

const outboxCount = () =>
  runInDurableObject(
    hub(),
    (_i, state) => state.storage.sql.exec("SELECT count(*) AS n FROM audit_outbox").one().n as number,
  );

async function flush(): Promise<void> {
  expect(await runDurableObjectAlarm(hub())).toBe(true);
}

describe("audit outbox to D1", () => {
  // Setting the facility's access codes is audited too; those rows leave first, so each test counts its own.
  beforeEach(async () => {
    await codesFor("demo");
    await runDurableObjectAlarm(hub());
    expect(await outboxCount()).toBe(0);
  });

  it("writes one row per changed field in the same transaction, and flushes each exactly once", async () => {
    const m = update("128414", { empty: true, location: "100" });
    expect((await postMutation(m, "demo", "kim")).status).toBe(200);
    // empty -> also arrived; location; three fields changed, three rows waiting.
    expect(await outboxCount()).toBe(3);
    expect(await d1Rows("mutation_id = ?", m.mutationId)).toHaveLength(0);
    await flush();
    expect(await outboxCount()).toBe(0);
    const rows = await d1Rows("mutation_id = ?", m.mutationId);
    expect(rows.map((r) => [r.field, r.old_value, r.new_value])).toEqual([
      ["arrived", "false", "true"],
      ["empty", "false", "true"],
      ["location", "Yard", "100"],
    ]);
    expect(rows.every((r) => r.actor === "kim" && r.action === "car.update" && r.car_id === "128414")).toBe(true);
    // Another ring (the alert rules' check) sends nothing twice.
    await runDurableObjectAlarm(hub());
    expect(await d1Rows("mutation_id = ?", m.mutationId)).toHaveLength(3);
  });

  it("keeps rows in the outbox while D1 fails, answers the audit from the outbox, and delivers once D1 is back", async () => {
    await env.DB.exec("DROP TABLE audit_log");
    const ms = [update("128421", { late: true }), update("128425", { notes: "dent" })];
    for (const m of ms) expect((await postMutation(m)).status).toBe(200);
    await flush(); // fails: no table
    expect(await outboxCount()).toBe(2);
    const partial = (await (await api("/api/facilities/demo/audit?limit=10")).json()) as {
      entries: AuditEntry[];
      partial: boolean;
    };
    expect(partial.partial).toBe(true);
    expect(partial.entries.map((e) => e.mutationId)).toEqual([ms[1]!.mutationId, ms[0]!.mutationId]);

    // D1 comes back. The failed attempt set a retry after a backoff, which no earlier ring cuts short; workerd's
    // clock cannot be moved in a test, so the backoff is ended by hand (its timing is tested on a manual clock).
    const createAudit = env.TEST_MIGRATIONS.flatMap((mg) => mg.queries).filter((q) => q.includes("audit_log"));
    for (const q of createAudit) await env.DB.prepare(q).run();
    expect(await runInDurableObject(hub(), (_i, state) => state.storage.kv.get("flushAttempts"))).toBe(1);
    await runInDurableObject(hub(), (_i, state) => state.storage.kv.delete("flushAttempts"));
    await flush();
    expect(await outboxCount()).toBe(0);
    const rows = await d1Rows();
    expect(rows.map((r) => r.mutation_id)).toEqual(ms.map((m) => m.mutationId));
  });

  it("never doubles a row when a flush is repeated after D1 already took it", async () => {
    const m = update("128431", { arrived: true, late: true });
    await postMutation(m);
    // As if an earlier flush reached D1 but died before clearing the outbox: copy the rows over by hand.
    const pending = await runInDurableObject(hub(), (_i, state) =>
      state.storage.sql.exec("SELECT * FROM audit_outbox ORDER BY id").toArray(),
    );
    expect(pending).toHaveLength(2);
    for (const r of pending) {
      await env.DB.prepare(
        "INSERT INTO audit_log (facility_id, seq, car_id, action, field, old_value, new_value, actor, actor_role, mutation_id, changed_at) VALUES ('demo',?,?,?,?,?,?,?,?,?,?)",
      )
        .bind(r.seq, r.car_id, r.action, r.field, r.old_value, r.new_value, r.actor, r.actor_role, r.mutation_id, r.at)
        .run();
    }
    await flush();
    expect(await d1Rows("mutation_id = ?", m.mutationId)).toHaveLength(2);
    expect(await outboxCount()).toBe(0);
  });

  it("answers the audit newest first from D1 plus rows not flushed yet, filtered by car", async () => {
    const first = update("128446", { location: "200" });
    await postMutation(first);
    await flush();
    const second = update("128446", { location: "300" });
    await postMutation(second);
    const res = (await (await api("/api/facilities/demo/audit?carId=128446&limit=10")).json()) as {
      entries: AuditEntry[];
      partial: boolean;
    };
    expect(res.partial).toBe(false);
    expect(res.entries.map((e) => [e.mutationId, e.newValue])).toEqual([
      [second.mutationId, "300"],
      [first.mutationId, "200"],
    ]);
    const limited = (await (await api("/api/facilities/demo/audit?limit=1")).json()) as { entries: AuditEntry[] };
    expect(limited.entries).toHaveLength(1);
    expect(limited.entries[0]!.mutationId).toBe(second.mutationId);
  });

  it("stores an ended shift with its snapshot and stats in the hub and in D1, then resets statuses", async () => {
    await postMutation({ type: "shift.start", mutationId: uuid(), notes: "peak" }, "demo", "lee");
    await postMutation(update("128448", { arrived: true }));
    await postMutation(update("128450", { late: true }));
    const end = { type: "shift.end", mutationId: uuid(), notes: "handoff: 128450 still out" };
    expect((await postMutation(end, "demo", "lee")).status).toBe(200);
    const list = (await (await api("/api/facilities/demo/shifts")).json()) as {
      shifts: { id: number; stats: { total: number; arrived: number; late: number; notArrived: number } }[];
    };
    const shift = list.shifts[0]!;
    expect(shift.stats.total).toBe(43);
    expect(shift.stats.arrived).toBeGreaterThanOrEqual(1);
    expect(shift.stats.late).toBeGreaterThanOrEqual(1);
    expect(shift.stats.notArrived).toBe(shift.stats.total - shift.stats.arrived);
    const detail = (await (await api(`/api/facilities/demo/shifts/${shift.id}`)).json()) as {
      shift: { snapshot: { id: string; arrived: boolean }[] };
    };
    expect(detail.shift.snapshot.find((c) => c.id === "128448")!.arrived).toBe(true);
    const state = (await (await api("/api/facilities/demo/state")).json()) as {
      shift: unknown;
      cars: { arrived: boolean; late: boolean; empty: boolean }[];
    };
    expect(state.shift).toBeNull();
    expect(state.cars.some((c) => c.arrived || c.late || c.empty)).toBe(false);
    await flush();
    const d1Shift = await env.DB.prepare("SELECT * FROM shifts WHERE facility_id = 'demo' AND id = ?")
      .bind(shift.id)
      .first<Record<string, string>>();
    expect(d1Shift).toMatchObject({ started_by: "lee", ended_by: "lee", end_notes: "handoff: 128450 still out" });
    expect(JSON.parse(d1Shift!.stats!)).toEqual(shift.stats);
    expect(JSON.parse(d1Shift!.snapshot!)).toHaveLength(43);
    expect((await api(`/api/facilities/demo/shifts/99999`)).status).toBe(404);
  });
});
