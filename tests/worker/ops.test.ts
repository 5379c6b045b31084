import { env, runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../shared";
import {
  ClientErrorsResponseSchema,
  OpsFacilitiesResponseSchema,
  ShardsResponseSchema,
  UsageResponseSchema,
  type OpsFacility,
} from "../../shared/ops";
import { ADMIN_CODE, api, auditDbOf, BASE, LEAK, postMutation, signIn, TestSocket, tokenFor, update } from "./helpers";

async function operatorSignIn(body: Record<string, unknown>, address = "198.51.100.7"): Promise<Response> {
  return SELF.fetch(`${BASE}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify(body),
  });
}

let cached: Promise<string> | null = null;
function opToken(): Promise<string> {
  cached ??= (async () => {
    const res = await operatorSignIn({ operator: true, code: ADMIN_CODE, name: "olga", bearer: true });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  })();
  return cached;
}

async function ops(path: string, init: RequestInit & { json?: unknown; as?: string | null } = {}) {
  const token = init.as === undefined ? await opToken() : init.as;
  return api(`/api/ops${path}`, { ...init, as: token });
}

async function facilities(): Promise<OpsFacility[]> {
  const res = await ops("/facilities");
  expect(res.status).toBe(200);
  return OpsFacilitiesResponseSchema.parse(await res.json()).facilities;
}

async function expectError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { code: string };
  expect(body.code).toBe(code);
  expect(ERROR_CODES).toContain(body.code);
  expect(text).not.toMatch(LEAK);
}

describe("the operator's session", () => {
  it("opens with ADMIN_CODE only, belongs to no building, and no building's session opens the console", async () => {
    await expectError(await operatorSignIn({ operator: true, code: "nope", name: "x" }), 401, "unauthorized");
    await expectError(await operatorSignIn({ operator: true, code: ADMIN_CODE }), 400, "invalid_message");
    await expectError(
      await operatorSignIn({ operator: true, code: ADMIN_CODE, name: "system" }),
      400,
      "invalid_message",
    );
    const browser = await operatorSignIn({ operator: true, code: ADMIN_CODE, name: "olga" });
    expect(browser.status).toBe(201);
    expect(browser.headers.get("set-cookie")).toMatch(/^ct_ops=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(await browser.json()).toMatchObject({ operator: true, name: "olga" });

    expect(await (await ops("/session")).json()).toMatchObject({ operator: true, name: "olga" });
    await expectError(await ops("/facilities", { as: null }), 401, "unauthorized");
    await expectError(await ops("/facilities", { as: await tokenFor("demo", "supervisor") }), 403, "forbidden");
    await expectError(await ops("/usage", { as: await tokenFor("demo", "supervisor") }), 403, "forbidden");
    await expectError(await ops("/client-errors", { as: "garbage.token" }), 401, "unauthorized");
    // An operator's session opens no building by itself.
    await expectError(await api("/api/facilities/demo/state", { as: await opToken() }), 401, "unauthorized");
    await expectError(await ops("/facilities", { method: "DELETE" }), 405, "method_not_allowed");
    await expectError(await ops("/nothing"), 404, "not_found");
  });
});

describe("buildings", () => {
  it("creates, renames, archives and restores a building; each step audited as the operator's", async () => {
    await expectError(
      await ops("/facilities", { method: "POST", json: { id: "Bad Id", name: "x" } }),
      400,
      "invalid_message",
    );
    await expectError(await ops("/facilities", { method: "POST", json: { id: "ops-a" } }), 400, "invalid_message");
    const made = await ops("/facilities", {
      method: "POST",
      json: { id: "ops-a", name: "Atlanta", locations: ["Yard", "100"], doors: ["1", "2"] },
    });
    expect(made.status).toBe(201);
    await expectError(
      await ops("/facilities", { method: "POST", json: { id: "ops-a", name: "Again" } }),
      409,
      "already_exists",
    );
    let row = (await facilities()).find((f) => f.id === "ops-a")!;
    expect(row).toMatchObject({ name: "Atlanta", archived: false });
    expect(row.health).toMatchObject({ seq: 0, outboxDepth: 0, flushFailures: 0, cars: { total: 0 } });
    expect(row.health!.storageBytes).toBeGreaterThan(0);

    await expectError(await ops("/facilities/ops-a", { method: "PATCH", json: {} }), 400, "invalid_message");
    await expectError(
      await ops("/facilities/nowhere", { method: "PATCH", json: { name: "x" } }),
      404,
      "unknown_facility",
    );
    const renamed = await ops("/facilities/ops-a", { method: "PATCH", json: { name: "Atlanta South" } });
    expect(await renamed.json()).toMatchObject({ facility: { name: "Atlanta South" } });

    // A crew phone on the building is closed when it is archived, and nobody signs in after.
    const codes = (await (
      await api("/api/facilities/ops-a/codes", {
        method: "POST",
        json: { role: "crew" },
        as: await enterToken("ops-a"),
      })
    ).json()) as { code: string };
    const crew = await TestSocket.open({ facility: "ops-a", token: await crewToken("ops-a", codes.code) });
    await crew.next("snapshot");
    const archived = await ops("/facilities/ops-a", { method: "PATCH", json: { archived: true } });
    expect(await archived.json()).toMatchObject({ facility: { archived: true } });
    expect((await crew.waitClosed()).code).toBe(4401);
    await expectError(await signIn("ops-a", codes.code, "kim"), 403, "forbidden");
    await expectError(await signIn("ops-a", ADMIN_CODE, "kim"), 403, "forbidden");
    await expectError(await ops("/facilities/ops-a/enter", { method: "POST" }), 403, "forbidden");
    row = (await facilities()).find((f) => f.id === "ops-a")!;
    expect(row.archived).toBe(true);
    const listed = (await (await SELF.fetch(`${BASE}/api/facilities`)).json()) as { facilities: { id: string }[] };
    expect(listed.facilities.map((f) => f.id)).not.toContain("ops-a");

    await ops("/facilities/ops-a", { method: "PATCH", json: { archived: false } });
    expect((await signIn("ops-a", codes.code, "kim")).status).toBe(201);
    await runDurableObjectAlarm(env.Facility.getByName("ops-a"));
    const { results } = await (
      await auditDbOf("ops-a")
    )
      .prepare(
        "SELECT field, old_value, new_value, actor, actor_role FROM audit_log WHERE facility_id = 'ops-a' AND car_id = '' AND field IN ('name', 'archived') ORDER BY seq",
      )
      .all();
    expect(results).toEqual([
      {
        field: "name",
        old_value: "Atlanta",
        new_value: "Atlanta South",
        actor: "olga (operator)",
        actor_role: "operator",
      },
      { field: "archived", old_value: "false", new_value: "true", actor: "olga (operator)", actor_role: "operator" },
      { field: "archived", old_value: "true", new_value: "false", actor: "olga (operator)", actor_role: "operator" },
    ]);
  });

  it("opens any building's board as a supervisor named as the operator", async () => {
    const res = await ops("/facilities/demo/enter", { method: "POST" });
    expect(res.status).toBe(201);
    expect(res.headers.get("set-cookie")).toMatch(/^ct_session=/);
    const token = (await res.json()) as { token: string; role: string; name: string; facility: string };
    expect(token).toMatchObject({ facility: "demo", role: "supervisor", name: "olga (operator)" });
    expect((await api("/api/facilities/demo/codes", { as: token.token })).status).toBe(200);
  });
});

async function enterToken(fid: string): Promise<string> {
  const res = await ops(`/facilities/${fid}/enter`, { method: "POST" });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function crewToken(fid: string, code: string): Promise<string> {
  const res = await signIn(fid, code, "kim");
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe("the live table", () => {
  it("shows a building whose D1 flush keeps failing as failing, while the others stay healthy", async () => {
    for (const id of ["ops-ok", "ops-broken"]) {
      expect((await ops("/facilities", { method: "POST", json: { id, name: id } })).status).toBe(201);
    }
    // A real D1 refusal for one building's rows only: the others' flushes go through.
    const brokenDb = await auditDbOf("ops-broken");
    await brokenDb.exec(
      "CREATE TRIGGER ops_broken BEFORE INSERT ON audit_log WHEN NEW.facility_id = 'ops-broken' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    for (const id of ["ops-ok", "ops-broken"]) {
      const as = await enterToken(id);
      const add = { type: "car.add", mutationId: crypto.randomUUID(), carId: "555001", location: "Yard" };
      expect((await api(`/api/facilities/${id}/mutations`, { method: "POST", json: add, as })).status).toBe(200);
      await runDurableObjectAlarm(env.Facility.getByName(id));
      await runDurableObjectAlarm(env.Facility.getByName(id));
    }
    const rows = await facilities();
    const ok = rows.find((f) => f.id === "ops-ok")!.health!;
    const broken = rows.find((f) => f.id === "ops-broken")!.health!;
    expect(ok).toMatchObject({ outboxDepth: 0, oldestOutboxAgeMs: null, flushFailures: 0 });
    expect(ok.lastFlushAt).not.toBeNull();
    expect(broken.flushFailures).toBeGreaterThanOrEqual(1);
    expect(broken.outboxDepth).toBeGreaterThan(0);
    expect(broken.oldestOutboxAgeMs).not.toBeNull();
    expect(broken.nextAlarmAt).not.toBeNull();
    expect(ok.cars).toEqual({ total: 1, arrived: 0, pending: 1, late: 0, empty: 0 });
    expect(ok.usage.perMinute.at(-1)!.byType["car.add"]).toBe(1);
    await brokenDb.exec("DROP TRIGGER ops_broken");
  });

  it("counts sockets by role and clients polling over HTTP", async () => {
    const wall = await TestSocket.open({ facility: "demo", token: await tokenFor("demo", "display") });
    await wall.next("snapshot");
    expect((await api("/api/facilities/demo/changes?since=0", { as: await tokenFor("demo", "crew") })).status).toBe(
      200,
    );
    const demo = (await facilities()).find((f) => f.id === "demo")!;
    expect(demo.health!.sockets.display).toBeGreaterThanOrEqual(1);
    expect(demo.health!.pollingClients).toBeGreaterThanOrEqual(1);
    wall.close();
  });
});

describe("usage that adds up", () => {
  it("rolls each day up into D1 as whole rows: written twice, counted once", async () => {
    const scan = update("128414", { arrived: true }, { via: "scan" });
    expect((await postMutation(scan, "demo", "kim", "crew")).status).toBe(200);
    expect((await postMutation(update("128421", { late: true }), "demo", "sam")).status).toBe(200);
    await runDurableObjectAlarm(env.Facility.getByName("demo"));
    const first = UsageResponseSchema.parse(await (await ops("/usage?days=7")).json());
    const today = first.rows.find((r) => r.facility === "demo")!;
    expect(today.scans).toBe(1);
    expect(today.byRole.crew).toBeGreaterThanOrEqual(1);
    expect(today.people).toBeGreaterThanOrEqual(2);
    // The same day written again (another flush with nothing new, and one after a new tap) replaces the row.
    await runDurableObjectAlarm(env.Facility.getByName("demo"));
    const again = UsageResponseSchema.parse(await (await ops("/usage?days=30")).json());
    expect(again.rows.find((r) => r.facility === "demo")).toEqual(today);
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM usage_daily WHERE facility_id = 'demo'").all();
    expect(results[0]!.n).toBe(1);

    await expectError(await ops("/usage?days=3"), 400, "invalid_message");
    const csv = await ops("/usage?days=7&format=csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^building,day,taps,people,scans,imports,alerts,taps by crew/);
    expect(lines.some((l) => l.startsWith(`demo,${today.day},${today.taps},`))).toBe(true);
  });
});

describe("error reports", () => {
  const report = (message: string) => ({
    message,
    stack: "Error: x\n at Board (https://hub.test/assets/index.js:1:2)",
    build: "b-123",
    url: "https://hub.test/f/demo?token=abc.def&x=1",
  });

  it("takes reports from any session, scrubbed and grouped, and shows them to the operator only", async () => {
    const post = (body: unknown, as?: string | null) => api("/api/client-errors", { method: "POST", json: body, as });
    await expectError(await post(report("boom"), null), 401, "unauthorized");
    await expectError(await post({ message: "x" }), 400, "invalid_message");
    await expectError(await post({ ...report("x"), message: "y".repeat(600) }), 400, "invalid_message");
    const crew = await tokenFor("demo", "crew");
    expect((await post(report(`boom with Bearer ${crew}`), crew)).status).toBe(202);
    expect((await post(report(`boom with Bearer ${crew}`), crew)).status).toBe(202);
    expect((await post(report("from the console"), await opToken())).status).toBe(202);
    const res = await ops("/client-errors");
    const { errors } = ClientErrorsResponseSchema.parse(await res.json());
    const boom = errors.find((e) => e.message.startsWith("boom"))!;
    expect(boom).toMatchObject({ count: 2, build: "b-123", facilities: ["demo"] });
    expect(JSON.stringify(errors)).not.toContain(crew);
    expect(boom.url).toBe("https://hub.test/f/demo?token=[removed]&x=1");
    expect(errors.find((e) => e.message === "from the console")!.facilities).toEqual(["(operator)"]);
    await expectError(await api("/api/client-errors", { as: crew }), 405, "method_not_allowed");

    // Ten a session, then one every five seconds.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(report(`flood ${i}`), crew)).status);
    expect(statuses).toContain(429);
  });
});

describe("audit shards", () => {
  it("spreads new buildings over the shards, keeps each one's audit in its own, and shows rows and bytes per shard", async () => {
    const ids = ["shard-a", "shard-b", "shard-c", "shard-d"];
    for (const id of ids)
      expect((await ops("/facilities", { method: "POST", json: { id, name: id } })).status).toBe(201);
    const rows = await facilities();
    const shardOf = (id: string) => rows.find((f) => f.id === id)!.shard;
    expect(new Set(ids.map(shardOf))).toEqual(new Set(["DB", "AUDIT_1"]));
    for (const id of ids) {
      const as = await enterToken(id);
      const add = { type: "car.add", mutationId: crypto.randomUUID(), carId: "777001", location: "Yard" };
      expect((await api(`/api/facilities/${id}/mutations`, { method: "POST", json: add, as })).status).toBe(200);
      await runDurableObjectAlarm(env.Facility.getByName(id));
      const count = async (db: D1Database) =>
        (await db.prepare("SELECT count(*) AS n FROM audit_log WHERE facility_id = ?").bind(id).first<{ n: number }>())!
          .n;
      const home = shardOf(id) === "AUDIT_1" ? env.AUDIT_1 : env.DB;
      const other = home === env.DB ? env.AUDIT_1 : env.DB;
      expect(await count(home)).toBeGreaterThan(0);
      expect(await count(other)).toBe(0);
      // The audit view reads the building's own shard.
      const audit = await api(`/api/facilities/${id}/audit?carId=777001`, { as });
      expect(((await audit.json()) as { entries: unknown[]; partial: boolean }).partial).toBe(false);
    }
    // Stable: the directory row keeps its shard through a rename.
    await ops(`/facilities/${ids[1]}`, { method: "PATCH", json: { name: "Renamed" } });
    expect((await facilities()).find((f) => f.id === ids[1])!.shard).toBe(shardOf(ids[1]!));
    const shards = ShardsResponseSchema.parse(await (await ops("/shards")).json()).shards;
    expect(shards.map((s) => s.name)).toEqual(["DB", "AUDIT_1"]);
    for (const s of shards) {
      expect(s.auditRows).toBeGreaterThan(0);
      expect(s.bytes).toBeGreaterThan(0);
      expect(s.buildings).toBeGreaterThanOrEqual(2);
    }
  });
});
