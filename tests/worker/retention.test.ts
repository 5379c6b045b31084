import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { archiveFacility } from "../../party/store/retention";
import worker, { runRetention } from "../../party/worker";
import { ADMIN_CODE, auditDbOf, BASE, createFacility } from "./helpers";
import { SELF } from "cloudflare:test";

const NOW = Date.parse("2026-12-01T10:17:00Z");
const POLICY = { auditDays: 400, shiftDays: 3 * 365 };
/** The shard the building was given (the test runs with two). */
let db: D1Database;
const FID = "retained";

async function seed(): Promise<void> {
  await createFacility(FID);
  db = await auditDbOf(FID);
  const insert = db.prepare(
    `INSERT INTO audit_log (facility_id, seq, car_id, action, field, old_value, new_value, actor, actor_role, mutation_id, door, trailer, changed_at)
     VALUES (?, ?, ?, 'car.update', 'arrived', 'false', 'true', 'kim', 'crew', ?, '', '', ?)`,
  );
  const rows = [];
  // Five rows from a year and a half ago, two from last month.
  for (let seq = 1; seq <= 5; seq++)
    rows.push(insert.bind(FID, seq, `C-${seq}`, `m-${seq}`, `2025-06-0${seq}T04:00:00.000Z`));
  for (let seq = 6; seq <= 7; seq++)
    rows.push(insert.bind(FID, seq, `C-${seq}`, `m-${seq}`, "2026-11-01T04:00:00.000Z"));
  const shift = db.prepare(
    `INSERT INTO shifts (facility_id, id, started_at, started_by, notes, ended_at, ended_by, end_notes, snapshot)
     VALUES (?, ?, ?, 'sam', '', ?, 'sam', '', '[]')`,
  );
  rows.push(shift.bind(FID, 100, "2022-03-01T03:00:00.000Z", "2022-03-01T09:00:00.000Z"));
  rows.push(shift.bind(FID, 200, "2022-04-01T03:00:00.000Z", "2022-04-01T09:00:00.000Z"));
  rows.push(shift.bind(FID, 300, "2026-11-30T03:00:00.000Z", "2026-11-30T09:00:00.000Z"));
  await db.batch(rows);
}

const left = async (table: "audit_log" | "shifts") =>
  (await db.prepare(`SELECT count(*) AS n FROM ${table} WHERE facility_id = ?`).bind(FID).first<{ n: number }>())!.n;

async function operator(): Promise<{ authorization: string }> {
  const signIn = await SELF.fetch(`${BASE}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ operator: true, code: ADMIN_CODE, name: "olga", bearer: true }),
  });
  const { token } = (await signIn.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

async function archived(): Promise<{ key: string; lines: Record<string, unknown>[] }[]> {
  const listed = await env.ARCHIVE.list({ prefix: "" });
  return Promise.all(
    listed.objects.map(async (o) => {
      const body = (await env.ARCHIVE.get(o.key))!.body.pipeThrough(new DecompressionStream("gzip"));
      const text = await new Response(body).text();
      return {
        key: o.key,
        lines: text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      };
    }),
  );
}

describe("retention: old rows to R2, then out of D1", () => {
  it("archives and deletes the old rows only, picks up where a short run stopped, and a second run changes nothing", async () => {
    await seed();
    // A run cut short: two objects of two rows, and one shift; old rows are left, so it says there is a backlog.
    const short = { ...POLICY, auditBatch: 2, shiftBatch: 1, batchesPerRun: 2 };
    const first = await archiveFacility(db, env.ARCHIVE, FID, NOW, short);
    expect(first).toMatchObject({ auditRows: 4, shifts: 2, backlog: true });
    expect(await left("audit_log")).toBe(3);
    // The next run finishes the work; the recent rows and the shift from last night stay.
    const second = await archiveFacility(db, env.ARCHIVE, FID, NOW, short);
    expect(second).toMatchObject({ auditRows: 1, shifts: 0, backlog: false });
    expect(await left("audit_log")).toBe(2);
    expect(await left("shifts")).toBe(1);
    const before = await archived();
    expect(before.map((o) => o.key)).toEqual([
      `audit/${FID}/000000000001.ndjson.gz`,
      `audit/${FID}/000000000003.ndjson.gz`,
      `audit/${FID}/000000000005.ndjson.gz`,
      `shifts/${FID}/000000000100.ndjson.gz`,
      `shifts/${FID}/000000000200.ndjson.gz`,
    ]);
    const seqs = before.filter((o) => o.key.startsWith("audit/")).flatMap((o) => o.lines.map((l) => l.seq));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    // Run again (tomorrow with nothing new, or twice today): the same rows, the same objects.
    const third = await archiveFacility(db, env.ARCHIVE, FID, NOW, POLICY);
    expect(third).toEqual({ auditRows: 0, shifts: 0, objects: [], backlog: false });
    expect(await archived()).toEqual(before);
    expect(await left("audit_log")).toBe(2);
  });

  it("runs in the building's own hub, on its alarm, once the daily cron wakes a building that is behind", async () => {
    // The hub reads its own clock: one row far past 400 days, one from yesterday.
    const insert = `INSERT INTO audit_log (facility_id, seq, car_id, action, field, old_value, new_value, actor, actor_role, mutation_id, door, trailer, changed_at)
       VALUES (?, ?, ?, 'car.update', 'late', 'false', 'true', 'kim', 'crew', ?, '', '', ?)`;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await db.batch([
      db.prepare(insert).bind(FID, 9, "C-9", "m-9", "2020-01-01T00:00:00.000Z"),
      db.prepare(insert).bind(FID, 10, "C-10", "m-10", yesterday),
    ]);
    const retainedAt = async () =>
      (await env.DB.prepare("SELECT retained_at FROM facilities WHERE id = ?")
        .bind(FID)
        .first<{ retained_at: string | null }>())!.retained_at;
    expect(await retainedAt()).toBeNull();

    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "17 10 * * *" });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    // Woken, not done by the cron: the hub's next ring starts it, and the ring does not wait for it.
    const seqs = async () =>
      (
        await db
          .prepare("SELECT seq FROM audit_log WHERE facility_id = ? ORDER BY seq")
          .bind(FID)
          .all<{ seq: number }>()
      ).results.map((r) => r.seq);
    expect(await seqs()).toContain(9);
    await runDurableObjectAlarm(env.Facility.getByName(FID));
    await vi.waitFor(async () => expect(await retainedAt()).not.toBeNull(), { timeout: 10_000 });
    expect(await seqs()).not.toContain(9);
    expect(await seqs()).toContain(10);
    const lines = (await archived()).filter((o) => o.key.startsWith("audit/")).flatMap((o) => o.lines);
    expect(lines.map((l) => l.seq)).toContain(9);

    // The operator's console shows when it ran.
    const ops = await SELF.fetch(`${BASE}/api/ops/facilities`, { headers: await operator() });
    const rows = ((await ops.json()) as { facilities: { id: string; health: { retainedAt: string | null } }[] })
      .facilities;
    expect(rows.find((f) => f.id === FID)!.health.retainedAt).toBe(await retainedAt());

    // Not behind any more: the next cron leaves it be.
    expect((await runRetention(env, Date.now())).woken).not.toContain(FID);
  });

  it("lists the archives to the operator and downloads them as stored", async () => {
    const auth = await operator();
    const list = await SELF.fetch(`${BASE}/api/ops/archives`, { headers: auth });
    const { objects } = (await list.json()) as { objects: { key: string; rows: number; facility: string }[] };
    expect(objects.length).toBeGreaterThan(0);
    expect(objects[0]).toMatchObject({ facility: FID });
    const key = objects[0]!.key;
    const res = await SELF.fetch(`${BASE}/api/ops/archives/download?key=${encodeURIComponent(key)}`, { headers: auth });
    expect(res.headers.get("content-type")).toBe("application/gzip");
    const text = await new Response(res.body!.pipeThrough(new DecompressionStream("gzip"))).text();
    expect(text.trim().split("\n")).toHaveLength(objects[0]!.rows);
    const bad = await SELF.fetch(`${BASE}/api/ops/archives/download?key=..%2Fsecrets`, { headers: auth });
    expect(bad.status).toBe(400);
    const crew = await SELF.fetch(`${BASE}/api/ops/archives`);
    expect(crew.status).toBe(401);
  });
});
