import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAR_IDS } from "../../shared";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { device, launchBrowser } from "./browser";

const run = promisify(execFile);
let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8833 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** D1 as the hub's flush left it, read from the on-disk local database by wrangler itself. */
async function d1(sql: string): Promise<Record<string, unknown>[]> {
  const { stdout } = await run(
    "npx",
    ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", server.persistDir, "--json", "--command", sql],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[])[0]!.results;
}

const pill = (p: Page) => p.getByTestId("connection").textContent();

describe("never lose a tap", () => {
  it("keeps 20 offline taps through a reload and delivers each exactly once, in order", async () => {
    const crew = await device(browser, server, { name: "offline-crew" });
    const other = (await device(browser, server, { name: "other" })).page;
    const wall = (await device(browser, server, { viewport: { width: 1920, height: 1080 } })).page;
    const page = crew.page;
    await Promise.all([page.goto("/f/demo"), other.goto("/f/demo"), wall.goto("/f/demo/wall")]);
    for (const p of [page, other, wall]) await p.getByText("Live").waitFor();
    // The offline shell is in place once the service worker controls the page.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    await page.waitForTimeout(700); // the last confirmed state is saved half a second after it arrives
    const before = (await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq;

    const arrive = DEMO_CAR_IDS.slice(0, 10);
    const late = DEMO_CAR_IDS.slice(10, 20);
    await crew.context.setOffline(true);
    await expect.poll(() => pill(page)).not.toBe("Live");
    for (let i = 0; i < 10; i++) {
      await page.getByRole("button", { name: `Mark ${arrive[i]} arrived` }).click();
      await page.getByRole("button", { name: `Mark ${late[i]} late` }).click();
    }
    await expect.poll(() => pill(page)).toContain("20 waiting");

    await page.reload();
    await page.getByTestId("stale").waitFor({ timeout: 15_000 });
    await expect.poll(() => pill(page)).toContain("20 waiting");
    await page.getByRole("button", { name: `Mark ${arrive[9]} not arrived` }).waitFor();
    // Nothing reached the hub while offline.
    expect((await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq).toBe(before);

    await crew.context.setOffline(false);
    await expect.poll(() => pill(page), { timeout: 30_000 }).toBe("Live");
    await expect.poll(() => page.getByTestId("stale").count()).toBe(0);

    const changes = (await server.keys.get(`/api/facilities/demo/changes?since=${before}`)) as {
      diffs: { mutationId: string; cars: { id: string }[] }[];
    };
    expect(changes.diffs).toHaveLength(20);
    expect(new Set(changes.diffs.map((d) => d.mutationId)).size).toBe(20);
    expect(changes.diffs.map((d) => d.cars[0]!.id)).toEqual(arrive.flatMap((id, i) => [id, late[i]!]));

    for (const id of arrive) {
      await other.getByRole("button", { name: `Mark ${id} not arrived` }).waitFor();
      await wall.locator(`.tile[data-car="${id}"][data-status="on-site"]`).waitFor();
    }
    for (const id of late) await wall.locator(`.tile.is-late[data-car="${id}"]`).waitFor();

    // The audit reaches D1 through the outbox flush: one row per changed field, no more.
    await expect
      .poll(
        async () =>
          (await d1(`SELECT count(*) AS n FROM audit_log WHERE facility_id = 'demo' AND seq > ${before}`))[0]!.n,
        {
          timeout: 20_000,
          interval: 1_000,
        },
      )
      .toBe(20);
    const rows = await d1(
      `SELECT car_id, field, count(*) AS n FROM audit_log WHERE facility_id = 'demo' AND seq > ${before} GROUP BY car_id, field ORDER BY car_id`,
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.filter((r) => r.field === "arrived").map((r) => r.car_id)).toEqual([...arrive].sort());
    expect(rows.filter((r) => r.field === "late").map((r) => r.car_id)).toEqual([...late].sort());
  });

  it("keeps taps made just before the tab is closed offline, and two tabs deliver them once between them", async () => {
    const crew = await device(browser, server, { name: "closer" });
    const first = crew.page;
    await first.goto("/f/demo");
    await first.getByText("Live").waitFor();
    await first.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    await first.waitForTimeout(700);
    const before = (await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq;
    const ids = DEMO_CAR_IDS.slice(30, 33);

    await crew.context.setOffline(true);
    await expect.poll(() => pill(first)).not.toBe("Live");
    for (const id of ids) await first.getByRole("button", { name: `Mark ${id} arrived` }).click();
    await expect.poll(() => pill(first)).toContain("3 waiting");
    await first.close();

    // Two tabs of the same device open while still offline; both find the taps in the shared outbox.
    const [a, b] = [await crew.context.newPage(), await crew.context.newPage()];
    await Promise.all([a.goto("/f/demo"), b.goto("/f/demo")]);
    for (const p of [a, b]) await expect.poll(() => pill(p), { timeout: 15_000 }).toContain("3 waiting");
    await crew.context.setOffline(false);
    for (const p of [a, b]) await expect.poll(() => pill(p), { timeout: 30_000 }).toBe("Live");

    const changes = (await server.keys.get(`/api/facilities/demo/changes?since=${before}`)) as {
      diffs: { cars: { id: string; arrived: boolean }[] }[];
    };
    expect(changes.diffs.map((d) => d.cars[0]!.id)).toEqual(ids);
    expect(changes.diffs.every((d) => d.cars[0]!.arrived)).toBe(true);
    await crew.context.close();
  });
});
