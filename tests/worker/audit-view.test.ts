import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AuditPageSchema, type AuditEntry } from "../../shared";
import { api, postMutation, tokenFor, update, uuid } from "./helpers";

const page = async (query: string) => {
  const res = await api(`/api/facilities/demo/audit?${query}`);
  expect(res.status, query).toBe(200);
  return AuditPageSchema.parse(await res.json());
};
const key = (e: AuditEntry) => `${e.seq}|${e.carId}|${e.field}`;

describe("the facility audit view", () => {
  it("filters by car, person and time, and pages without gaps or repeats across D1 and the outbox", async () => {
    const t0 = new Date().toISOString();
    await postMutation(update("128414", { arrived: true, location: "100" }), "demo", "kim", "crew");
    await postMutation(update("128421", { late: true }), "demo", "lee", "crew");
    // One import touching three cars is one seq, so a page can end in the middle of it.
    const imp = {
      type: "fleet.import",
      mutationId: uuid(),
      cars: [
        { id: "128425", notes: "a" },
        { id: "128431", notes: "b" },
        { id: "128446", notes: "c" },
      ],
    };
    expect((await postMutation(imp, "demo", "sam")).status).toBe(200);
    expect(await runDurableObjectAlarm(env.Facility.getByName("demo"))).toBe(true);
    // The window ends at the import as the hub stamped it; every later tap is a later request, stamped later.
    const t1 = (await page("limit=1")).entries[0]!.at;
    // These stay in the outbox: the query merges them with D1's rows.
    await postMutation(update("128414", { empty: true }), "demo", "kim", "crew");
    await postMutation(update("128448", { notes: "dent" }), "demo", "lee", "crew");

    const all = await page("limit=1000");
    expect(all.next).toBeNull();
    const kim = await page("actor=kim&limit=1000");
    expect(kim.entries.length).toBeGreaterThanOrEqual(3);
    expect(kim.entries.every((e) => e.actor === "kim")).toBe(true);
    const car = await page("carId=128414&limit=1000");
    expect(car.entries.map((e) => e.field)).toEqual(["empty", "location", "arrived"]);
    const window = await page(`from=${encodeURIComponent(t0)}&to=${encodeURIComponent(t1)}&limit=1000`);
    expect(window.entries.some((e) => e.carId === "128448")).toBe(false);
    expect(window.entries.filter((e) => e.action === "fleet.import")).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const p = await page(`limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`);
      seen.push(...p.entries.map(key));
      cursor = p.next;
    }
    expect(seen).toEqual(all.entries.map(key));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("says what is wrong with a bad filter; the audit is the supervisor's, a car's history crew's too", async () => {
    for (const q of ["from=yesterday", "to=2026-13-40", "limit=0", "limit=x", "before=garbage", "before=1~a"]) {
      const res = await api(`/api/facilities/demo/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ code: "invalid_message", error: expect.any(String) });
    }
    const crew = await tokenFor("demo", "crew", "kim");
    expect((await api("/api/facilities/demo/audit", { as: crew })).status).toBe(403);
    expect((await api("/api/facilities/demo/audit?actor=kim", { as: crew })).status).toBe(403);
    // One car's history is crew's to read too; a wall screen reads none of it.
    const history = await api("/api/facilities/demo/audit?carId=128414&limit=200", { as: crew });
    expect(history.status).toBe(200);
    expect((await history.json()) as { entries: { carId: string }[] }).toMatchObject({ entries: expect.any(Array) });
    const display = await tokenFor("demo", "display", "tv");
    expect((await api("/api/facilities/demo/audit?carId=128414", { as: display })).status).toBe(403);
  });
});
