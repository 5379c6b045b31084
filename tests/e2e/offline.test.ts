import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAR_IDS, type SnapshotMessage } from "../../shared";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { device, launchBrowser, openTools } from "./browser";

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
const d1 = (sql: string) => server.d1(sql);

const pill = (p: Page) => p.getByTestId("connection").textContent();
const car = async (id: string) =>
  (await server.keys.get<SnapshotMessage>("/api/facilities/demo/state")).cars.find((c) => c.id === id);

/** Another person signs in on the same browser, as a shared handheld is passed on: the cookie is replaced. */
async function signInOn(context: BrowserContext, name: string): Promise<void> {
  const code = (await server.keys.codes()).crew;
  const res = await context.request.post("/api/session", { data: { facility: "demo", code, name } });
  expect(res.status()).toBe(201);
}

/** The seq of the board this device last saved for opening offline (0 when none). */
const savedSeq = (page: Page) =>
  page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open("car-tracker");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction("state").objectStore("state").get("demo");
      get.onsuccess = () => (resolve(get.result ? get.result.snapshot.seq : 0), open.result.close());
    };
  })`) as Promise<number>;

/**
 * Rows in this device's IndexedDB outbox. A row leaves it just after the hub's answer, so a test that closes a
 * tab right after a change is confirmed waits for this, as a person putting the handheld down a moment later would.
 */
const outboxSize = (page: Page) =>
  page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open("car-tracker");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const count = open.result.transaction("outbox").objectStore("outbox").count();
      count.onsuccess = () => (resolve(count.result), open.result.close());
    };
  })`) as Promise<number>;

/** Waits (on the device's own storage, not on time) until the board the hub has now is saved on this device. */
async function savedUpToDate(page: Page): Promise<void> {
  const seq = (await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq;
  await expect.poll(() => savedSeq(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(seq);
}

/** Opens the board and waits until this device's last confirmed state is saved for offline use. */
async function openReady(page: Page): Promise<void> {
  await page.goto("/f/demo");
  await page.getByText("Live").waitFor();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await savedUpToDate(page);
}

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
    await savedUpToDate(page); // the last confirmed state is saved half a second after it arrives
    const before = (await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq;

    const lazyKept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname);
      }
      return ["handheld-tools", "scan-panel"].filter((chunk) => paths.some((p) => p.startsWith(`/assets/${chunk}-`)));
    });

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
    // This device never opened its tools or scan mode, yet both open offline. Chromium's offline emulation does
    // not reach the service worker's own fetches, so what proves it is the chunks in the worker's cache, kept
    // before going offline.
    expect(lazyKept).toEqual(["handheld-tools", "scan-panel"]);
    await openTools(page);
    await page
      .getByRole("region", { name: /^(Supervisor tools|Add car, export)$/ })
      .getByLabel("Add car")
      .waitFor();
    await page.getByRole("button", { name: "Scan mode" }).click();
    await page.getByLabel("Scan a car").waitFor();
    await page.getByRole("button", { name: "Scan mode" }).click();
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
    await savedUpToDate(first);
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

  it("opens offline on the board as the hub last sent it, with a change made elsewhere after the first save", async () => {
    const crew = await device(browser, server, { name: "watcher" });
    const page = crew.page;
    const id = DEMO_CAR_IDS[42]!;
    expect((await car(id))?.late).toBe(false);
    await openReady(page);
    // Saved once already; the change from elsewhere must reach the device's saved board in a later save.
    const token = await server.keys.token("supervisor", "elsewhere");
    const res = await fetch(`${server.url}/api/facilities/demo/mutations`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "car.update", mutationId: crypto.randomUUID(), carId: id, patch: { late: true } }),
    });
    expect(res.status).toBe(200);
    await page.getByRole("button", { name: `Mark ${id} not late` }).waitFor();
    await savedUpToDate(page);

    await crew.context.setOffline(true);
    await page.reload();
    await page.getByTestId("stale").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: `Mark ${id} not late` }).waitFor();
    await page.getByRole("button", { name: `Mark ${DEMO_CAR_IDS[41]!} late` }).waitFor();
    // The page opened offline thinks it is online (so does a handheld on Wi-Fi that reaches nothing): once its
    // fallback's polls reach nothing either, the pill agrees with the banner.
    await expect.poll(() => pill(page), { timeout: 20_000 }).toBe("Offline");
    await crew.context.close();
  });

  it("keeps a person's unsent taps for them when the handheld is passed on, unless the next person takes them over", async () => {
    const dev = await device(browser, server, { name: "kim", role: "crew" });
    const [k1, k2, k3] = DEMO_CAR_IDS.slice(34, 37) as [string, string, string];
    await openReady(dev.page);
    await dev.context.setOffline(true);
    await expect.poll(() => pill(dev.page)).not.toBe("Live");
    // Who is connected is not known offline: no stale count is left on screen.
    expect(await dev.page.getByTestId("presence").count()).toBe(0);
    await dev.page.getByRole("button", { name: `Mark ${k1} arrived` }).click();
    await dev.page.getByRole("button", { name: `Mark ${k2} arrived` }).click();
    await expect.poll(() => pill(dev.page)).toContain("2 waiting");
    await dev.page.close();
    await dev.context.setOffline(false);

    // lee takes the handheld: kim's taps are not lee's to send, and they are not lost either.
    await signInOn(dev.context, "lee");
    const lee = await dev.context.newPage();
    await lee.goto("/f/demo");
    await lee.getByText("Live").waitFor();
    await lee.getByTestId("others-waiting").getByText("2 taps by kim have not reached the hub yet").waitFor();
    // lee's own tap goes after any replay; once it is in, kim's would have been too.
    await lee.getByRole("button", { name: `Mark ${k3} late` }).click();
    await expect.poll(async () => (await car(k3))?.late).toBe(true);
    expect((await car(k3))?.updatedBy).toBe("lee");
    expect([(await car(k1))?.arrived, (await car(k2))?.arrived]).toEqual([false, false]);
    await expect.poll(() => outboxSize(lee)).toBe(2);
    await lee.close();

    // kim signs in here again: the taps go out as kim's.
    await signInOn(dev.context, "kim");
    const kim = await dev.context.newPage();
    await kim.goto("/f/demo");
    await expect.poll(async () => [(await car(k1))?.arrived, (await car(k2))?.arrived]).toEqual([true, true]);
    expect([(await car(k1))?.updatedBy, (await car(k2))?.updatedBy]).toEqual(["kim", "kim"]);
    expect(await kim.getByTestId("others-waiting").count()).toBe(0);
    await expect.poll(() => outboxSize(kim)).toBe(0);

    // One more unsent tap by kim; this time lee chooses to send it, and the hub records lee. First the device
    // has saved the board it saw (a debounced write), as a handheld that sat a moment in a hand would have.
    const hubSeq = ((await server.keys.get("/api/facilities/demo/state")) as { seq: number }).seq;
    await expect.poll(() => savedSeq(kim)).toBe(hubSeq);
    await dev.context.setOffline(true);
    await expect.poll(() => pill(kim)).not.toBe("Live");
    await kim.getByRole("button", { name: `Mark ${k3} arrived` }).click();
    await expect.poll(() => pill(kim)).toContain("1 waiting");
    await kim.close();
    await dev.context.setOffline(false);
    await signInOn(dev.context, "lee");
    const lee2 = await dev.context.newPage();
    await lee2.goto("/f/demo");
    await lee2.getByText("Live").waitFor();
    await lee2.getByRole("button", { name: "Send kim's tap as mine" }).click();
    await expect.poll(async () => (await car(k3))?.arrived).toBe(true);
    expect((await car(k3))?.updatedBy).toBe("lee");
    await expect.poll(() => lee2.getByTestId("others-waiting").count()).toBe(0);
    await expect.poll(() => pill(lee2)).toBe("Live");
    await dev.context.close();
  });

  it("shows an error screen instead of a blank page when the screen breaks, and a reload sends the waiting taps", async () => {
    const dev = await device(browser, server, { name: "rio", role: "crew" });
    const id = DEMO_CAR_IDS[40]!;
    await openReady(dev.page);
    await dev.context.setOffline(true);
    await expect.poll(() => pill(dev.page)).not.toBe("Live");
    await dev.page.getByRole("button", { name: `Mark ${id} late` }).click();
    await expect.poll(() => outboxSize(dev.page)).toBe(1);
    // What a translation extension does to a page: it moves nodes React owns. React's next update fails there.
    await dev.context.setOffline(false);
    await expect.poll(() => pill(dev.page)).toContain("Live");
    await dev.page.evaluate(`document.body.appendChild(document.querySelector('[data-testid="presence"]'))`);
    await dev.context.setOffline(true);
    await dev.page.getByRole("heading", { name: "Something went wrong on this screen" }).waitFor();
    await dev.context.setOffline(false);
    await dev.page.getByRole("button", { name: "Reload" }).click();
    await dev.page.getByText("Live").waitFor();
    await expect.poll(async () => (await car(id))?.late).toBe(true);
    // A mistyped address is a building nobody has, not a blank page.
    await dev.page.goto("/f/%E0");
    await dev.page.getByRole("heading", { name: "Car Tracker" }).waitFor();
    await dev.context.close();
  });

  it("finishes a sign-out made offline once the hub is back, so the handheld does not open as its last user", async () => {
    const dev = await device(browser, server, { name: "pat", role: "crew" });
    await openReady(dev.page);
    await dev.context.setOffline(true);
    await expect.poll(() => pill(dev.page)).not.toBe("Live");
    await dev.page.getByRole("button", { name: "Sign out" }).click();
    await dev.page.getByText("Signed out.").waitFor();
    await dev.page.close();
    await dev.context.setOffline(false);
    // The hub never heard the sign-out, so the cookie still opens a session until the page finishes it.
    const next = await dev.context.newPage();
    await next.goto("/f/demo");
    await next.getByLabel("Access code").waitFor();
    await expect.poll(async () => (await dev.context.request.get("/api/session")).status()).toBe(401);
    await dev.context.close();
  });
});
