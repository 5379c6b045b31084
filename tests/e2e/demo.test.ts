import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { device, launchBrowser } from "./browser";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  // As `npm start` runs it: the demo building with its fourteen past nights.
  server = await startDevServer({ config: "wrangler.jsonc", port: 8838, vars: { DEMO_HISTORY: "14" } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a demo that means something", () => {
  it("opens on fourteen past nights: shift history, analytics with real shapes, and an audit in words", async () => {
    const page = (await device(browser, server, { name: "sam", viewport: { width: 1024, height: 768 } })).page;
    await page.goto("/f/demo/shifts");
    const rows = page.getByRole("table", { name: "Shifts" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(14);
    expect(await rows.first().textContent()).toContain("43/43");

    await page.goto("/f/demo/analytics");
    const figures = page.getByTestId("shift-figures");
    await figures.waitFor();
    expect(await figures.textContent()).toContain("Arrived43/43");
    // Emptying took real minutes, not "0 min median".
    expect(await figures.textContent()).not.toContain("0 min median");
    expect(await page.getByTestId("dock-figures").textContent()).toContain("3 trailers unloaded");

    await page.goto("/f/demo/audit");
    await page.getByLabel("Person").fill("system");
    await page.getByRole("button", { name: "Show" }).click();
    const changes = page.getByRole("table", { name: "Changes" });
    await expect.poll(() => changes.textContent()).toContain("The hub");
    expect(await changes.textContent()).toMatch(/flagged \d+ late at the cut-off/);

    // Tonight's board starts clean: no shift open, nobody in yet.
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    expect(await page.getByText("No shift open").count()).toBe(1);
    expect(await page.getByTestId("whoami").textContent()).toContain("sam");
  });
});
