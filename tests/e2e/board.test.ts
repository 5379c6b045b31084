import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { HubKeys, postMutation } from "../../scripts/hub-http";
import type { MutationDraft } from "../../shared";
import {
  axeViolations,
  clippedButtons,
  device,
  launchBrowser,
  openTools,
  twoHandheldsAndAWall,
  openCar,
} from "./browser";

let server: DevServer;
let browser: Browser;
let ana: Page;
let bob: Page;
let wall: Page;

const cspViolations: string[] = [];

async function mutate(body: MutationDraft): Promise<void> {
  expect((await postMutation(server.keys, body)).status).toBe(200);
}

const tile = (p: Page, id: string) => p.locator(`.tile[data-car="${id}"]`);

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8831 });
  browser = await launchBrowser();
  ({ ana, bob, wall } = await twoHandheldsAndAWall(browser, server, (p) =>
    p.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    }),
  ));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("handhelds and the wall", () => {
  it("shows a tap on one handheld on the other and on the wall", async () => {
    await ana.getByRole("button", { name: "Mark 128489 arrived" }).click();
    await bob.getByRole("button", { name: "Mark 128489 not arrived" }).waitFor({ timeout: 5_000 });
    await tile(wall, "128489").and(wall.locator('[data-status="on-site"]')).waitFor({ timeout: 5_000 });
    await openCar(ana, "128489");
    await ana.getByLabel("Location of 128489").selectOption("300");
    await wall.locator('section[aria-label="Location 300"] .tile[data-car="128489"]').waitFor({ timeout: 5_000 });
    await bob.getByRole("button", { name: "Mark 128489 late" }).click();
    await tile(wall, "128489").and(wall.locator(".is-late")).waitFor({ timeout: 5_000 });
    await expect.poll(() => ana.getByTestId("count-late").textContent()).toBe("1/43");
    await expect
      .poll(() => bob.getByTestId("presence").textContent())
      .toMatch(/3 connected: .*ana.*bob|3 connected: .*bob.*ana/);
  });

  it("follows the system into night mode until someone chooses here", async () => {
    const { context, page } = await device(browser, server, { name: "nightowl", role: "crew" });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(() => page.evaluate("document.documentElement.dataset.theme")).toBe("light");
    await context.close();
  });

  it("opens on a chooser whose buildings are big targets, each with its wall screen", async () => {
    const page = (await device(browser, server, { role: null })).page;
    await page.goto("/");
    const board = page.getByRole("link", { name: "Demo hub", exact: true });
    const wallLink = page.getByRole("link", { name: "Wall screen for Demo hub" });
    for (const link of [board, wallLink]) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await board.click();
    await page.waitForURL("**/f/demo");
    await page.context().close();
  });

  it.each([
    ["all at one location", () => "Yard"],
    ["spread as on a real night", (i: number) => ["Yard", "Yard", "Yard", "100", "200", "300", "400", "Shop"][i % 8]!],
  ])(
    "fits 120 cars %s and 15 busy doors on the TV, every tile on screen, saying its status in words",
    async (name, where) => {
      const fid = `fit-${name.split(" ")[0]}`;
      const admin = { authorization: `Bearer ${server.keys.adminCode}`, "content-type": "application/json" };
      expect(
        (await fetch(`${server.url}/api/facilities/${fid}`, { method: "PUT", headers: admin, body: '{"name":"Fit"}' }))
          .status,
      ).toBe(201);
      const keys = new HubKeys(server.url, server.keys.adminCode, fid);
      const cars = Array.from({ length: 120 }, (_, i) => ({
        id: String(500000 + i * 7),
        location: where(i),
        arrived: i % 3 === 0,
        late: i % 10 === 1,
      }));
      expect((await postMutation(keys, { type: "fleet.import", cars })).status).toBe(200);
      for (let d = 9; d <= 23; d++) {
        const dock = {
          type: "door.dock",
          door: String(d),
          visitId: crypto.randomUUID(),
          trailer: `TR-${d}`,
          initialPercent: 90,
        };
        expect((await postMutation(keys, dock as MutationDraft)).status).toBe(200);
      }
      const page = (await device(browser, server, { facility: fid, viewport: { width: 1920, height: 1080 } })).page;
      await page.goto(`/f/${fid}/wall`);
      await expect.poll(() => page.locator(".tile[data-car]").count()).toBe(120);
      await expect.poll(() => page.locator(".wall-door").count()).toBe(15);
      const offScreen = (await page.evaluate(`[...document.querySelectorAll(".tile, .wall-door")].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.bottom > innerHeight || r.right > innerWidth || r.top < 0 || r.left < 0;
    }).length`)) as number;
      expect(offScreen).toBe(0);
      expect(await page.evaluate("document.documentElement.scrollHeight <= innerHeight")).toBe(true);
      expect(await tile(page, "500007").textContent()).toBe("○500007, pending, lateLATE");
      expect(await tile(page, "500000").textContent()).toContain("500000, on site");
      await page.context().close();
    },
  );

  it("filters by status and location and searches by id, all combined", async () => {
    const shown = () => ana.getByTestId("shown-count").textContent();
    await ana.getByRole("button", { name: /^Filters: All/ }).click();
    await ana.getByRole("group", { name: "Show" }).getByRole("button", { name: "Arrived", exact: true }).click();
    await expect.poll(shown).toBe("1 of 43 cars shown");
    await ana.getByRole("group", { name: "Show" }).getByRole("button", { name: "Pending" }).click();
    await expect.poll(shown).toBe("42 of 43 cars shown");
    await ana.getByRole("searchbox").fill("6903");
    await expect.poll(shown).toBe("8 of 43 cars shown");
    await ana.getByRole("button", { name: "Location 300" }).click();
    await expect.poll(shown).toBe("0 of 43 cars shown");
    await ana.getByRole("button", { name: "Location 300" }).click();
    await ana.getByRole("searchbox").fill("");
    await ana.getByRole("group", { name: "Show" }).getByRole("button", { name: "All" }).click();
    await expect.poll(shown).toBe("43 of 43 cars shown");
    await ana.getByRole("button", { name: /^Filters: All/ }).click();
  });

  it("adds a car, refuses a duplicate in words, and removes with a confirmation", async () => {
    await openTools(ana);
    await ana.getByLabel("Add car").fill("E2E-7");
    await ana.getByRole("button", { name: "Add", exact: true }).click();
    await bob.getByRole("button", { name: "Mark E2E-7 arrived" }).waitFor();
    await tile(wall, "E2E-7").waitFor();
    await ana.getByLabel("Add car").fill("E2E-7");
    await ana.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => ana.getByRole("alert").first().textContent()).toContain("already on the board");
    await ana.getByLabel("Add car").fill("bad id!");
    await ana.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => ana.locator("#add-car-error").textContent()).toContain("letters, digits");
    await openCar(bob, "E2E-7");
    await bob.getByRole("button", { name: "Remove E2E-7" }).click();
    await bob.getByRole("button", { name: "Confirm remove E2E-7" }).click();
    await ana.locator('[data-car="E2E-7"]').waitFor({ state: "detached" });
    await tile(wall, "E2E-7").waitFor({ state: "detached" });
  });

  it("says in words when the hub refuses a change, shows the value that won, and can apply it again", async () => {
    const ctx = bob.context();
    await ctx.setOffline(true);
    await expect.poll(() => bob.getByTestId("connection").textContent()).toMatch(/Offline|Connecting|Polling/);
    await mutate({ type: "car.update", carId: "128421", patch: { location: "200" } });
    await openCar(bob, "128421");
    await bob.getByLabel("Location of 128421").selectOption("400");
    await expect.poll(() => bob.getByTestId("connection").textContent()).toContain("1 waiting");
    await ctx.setOffline(false);
    const alert = bob.locator('[data-car="128421"] [role="alert"]');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("Someone else changed this first");
    expect(await alert.textContent()).toContain("at 200");
    await expect.poll(() => bob.getByLabel("Location of 128421").inputValue()).toBe("200");
    await bob.getByRole("button", { name: "Apply my change to 128421 again" }).click();
    await wall.locator('section[aria-label="Location 400"] .tile[data-car="128421"]').waitFor();
    await expect.poll(() => bob.getByTestId("connection").textContent()).toBe("Live");
  });

  it("shows a crew member six cars with their marks on the first screen, nothing clipped or wrapped", async () => {
    const { page } = await device(browser, server, { role: "crew", name: "first-screen" });
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    const look = async () => ({
      cars: await page.evaluate(
        () =>
          [...document.querySelectorAll("li.car")].filter((li) => {
            const marks = [...li.querySelectorAll("button.mark")];
            return marks.length === 3 && marks.every((b) => b.getBoundingClientRect().bottom <= window.innerHeight);
          }).length,
      ),
      bad: await clippedButtons(page),
    });
    const first = await look();
    expect(first.cars).toBeGreaterThanOrEqual(6);
    expect(first.bad).toEqual([]);
    // A row opens for the rest (where it stands, a note, its history) and closes again.
    const more = page.getByRole("button", { name: /^More for 128414:/ });
    await more.click();
    expect(await more.getAttribute("aria-expanded")).toBe("true");
    await page.getByLabel("Location of 128414").waitFor();
    expect((await look()).bad).toEqual([]);
    await more.click();
    expect(await page.getByLabel("Location of 128414").count()).toBe(0);
    await page.context().close();
    // A supervisor's first screen has the same board, and its tools button does not wrap either.
    expect((await ana.evaluate(() => innerWidth)) <= 360).toBe(true);
    const sup = await clippedButtons(ana);
    expect(sup).toEqual([]);
  });

  it("has no serious or critical accessibility violations on either view, by day and by night", async () => {
    for (const page of [ana, wall]) expect(await axeViolations(page), page.url()).toEqual([]);
    // Night mode: chosen on this handheld, kept across a reload, and as clean for contrast as day.
    await ana.getByRole("button", { name: "Night mode" }).click();
    await ana.reload();
    await ana.getByText("Live").waitFor();
    expect(await ana.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    expect(await ana.getByRole("button", { name: "Night mode" }).getAttribute("aria-pressed")).toBe("true");
    expect(await axeViolations(ana), "night").toEqual([]);
    await ana.getByRole("button", { name: "Night mode" }).click();
    expect(await ana.evaluate("document.documentElement.dataset.theme")).toBe("light");
    expect(await ana.locator("h1").count()).toBe(1);
    // Gloves: every control on the handheld is at least 48x48 px.
    await ana.getByRole("button", { name: /^Filters:/ }).click();
    const small = await ana.evaluate(() =>
      [...document.querySelectorAll("button, select, input, summary")]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
        .map(
          ({ el, r }) =>
            `${el.getAttribute("aria-label") ?? el.textContent} ${Math.round(r.width)}x${Math.round(r.height)}`,
        ),
    );
    expect(small).toEqual([]);
    // Everything above ran under the app's Content-Security-Policy (web/public/_headers).
    expect(cspViolations).toEqual([]);
    expect(await wall.locator("h1").count()).toBe(1);
  });

  it("brings the wall back by itself after the hub is killed and restarted", async () => {
    await server.kill();
    await expect.poll(() => wall.getByTestId("connection").textContent(), { timeout: 20_000 }).not.toBe("Live");
    await server.restart();
    await expect.poll(() => wall.getByTestId("connection").textContent(), { timeout: 30_000 }).toBe("Live");
    await mutate({ type: "car.update", carId: "128425", patch: { empty: true } });
    await tile(wall, "128425").and(wall.locator('[data-status="completed"]')).waitFor({ timeout: 10_000 });
    await expect.poll(() => wall.getByTestId("wall-arrived").textContent()).toMatch(/^\d+\/43$/);
  });

  it("builds only the cards near the screen in a big building; scrolling or the search still reaches every car", async () => {
    const cars = Array.from({ length: 400 }, (_, i) => ({ id: `W${String(i).padStart(4, "0")}`, location: "Shop" }));
    await mutate({ type: "fleet.import", cars });
    await expect.poll(() => bob.getByTestId("count-arrived").textContent(), { timeout: 10_000 }).toMatch(/\/443$/);
    const built = await bob.locator("li.car").count();
    expect(built).toBeGreaterThan(0);
    expect(built).toBeLessThan(100);
    // The last car of the last location: the page scrolls to it as a person would, and its card is there to tap.
    const last = bob.getByRole("button", { name: "Mark W0399 arrived" });
    for (let i = 0; i < 120 && !(await last.isVisible()); i++) await bob.mouse.wheel(0, 1_200);
    await last.click();
    await tile(wall, "W0399").and(wall.locator('[data-status="on-site"]')).waitFor({ timeout: 5_000 });
    expect(await bob.locator("li.car").count()).toBeLessThan(100);
    // Back at the top, a car in the middle is found by the search.
    await bob.mouse.wheel(0, -100_000);
    await bob.getByRole("button", { name: /^Filters/ }).click();
    await bob.getByRole("searchbox").fill("W0200");
    await bob.getByRole("button", { name: "Mark W0200 arrived" }).click();
    await tile(wall, "W0200").and(wall.locator('[data-status="on-site"]')).waitFor({ timeout: 5_000 });
    // A keyboard goes from car to car past the cards that were built when it started, in order.
    await bob.getByRole("searchbox").fill("W0");
    await bob.getByRole("button", { name: "Mark W0000 arrived" }).focus();
    const firstBuilt = await bob.locator("li.car").count();
    const reached: string[] = [];
    for (let i = 0; i < 400 && reached.length <= firstBuilt + 5; i++) {
      await bob.keyboard.press("Tab");
      const car = (await bob.evaluate(`document.activeElement?.closest("li.car")?.dataset.car ?? ""`)) as string;
      if (car && reached.at(-1) !== car) reached.push(car);
    }
    expect(reached.length).toBeGreaterThan(firstBuilt + 5);
    expect(reached).toEqual(reached.map((_, i) => `W${String(i).padStart(4, "0")}`));
  });
});
