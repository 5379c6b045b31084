import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { postMutation } from "../../scripts/hub-http";
import { device, launchBrowser } from "./browser";

let server: DevServer;
let browser: Browser;
let wall: Page;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8832 });
  browser = await launchBrowser();
  wall = (await device(browser, server, { viewport: { width: 1920, height: 1080 } })).page;
  await wall.goto("/f/demo/wall");
  await wall.getByText("Live").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const onWallAt = (id: string, location: string) =>
  wall.locator(`section[aria-label="Location ${location}"] .tile[data-car="${id}"]`);

describe("scan mode", () => {
  it("marks each scanned car arrived where I am, offers to add unknown ids, and undoes with one tap", async () => {
    const { page } = await device(browser, server, { name: "scanner" });
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    await page.getByRole("button", { name: "Scan mode" }).click();
    await page.getByLabel("I am at").selectOption("500");
    const box = page.getByLabel("Scan a car");
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    // A hardware scanner types the code and Enter into the focused field.
    for (const code of ["128414", "128425", "NEW-55", "??"]) await page.keyboard.type(`${code}\n`);
    await onWallAt("128414", "500").and(wall.locator('[data-status="on-site"]')).waitFor();
    await onWallAt("128425", "500").waitFor();
    const scans = page.getByRole("list", { name: "Last scans" });
    await expect.poll(() => scans.textContent()).toContain("NEW-55: not on the board");
    await expect.poll(() => scans.textContent()).toContain("??: not a car id");
    await page.getByRole("button", { name: "Add NEW-55" }).click();
    await onWallAt("NEW-55", "500").and(wall.locator('[data-status="on-site"]')).waitFor();
    await page.getByRole("button", { name: "Undo scan of 128425" }).click();
    await onWallAt("128425", "Yard").and(wall.locator('[data-status="pending"]')).waitFor();
    await page.keyboard.type("128414\n");
    await expect.poll(() => scans.locator("li").first().textContent()).toContain("128414: already arrived");
    await page.context().close();
  });
});

describe("polling fallback", () => {
  it("polls over HTTP when the socket keeps failing, still sends taps, and goes live again", async () => {
    const { context, page } = await device(browser, server, { name: "behind-proxy" });
    let refuse = true;
    // A proxy that accepts the upgrade and drops it at once, every time.
    await context.routeWebSocket(/\/parties\//, (ws) => {
      if (refuse) ws.close();
      else ws.connectToServer();
    });
    await page.goto("/f/demo");
    await expect.poll(() => page.getByTestId("connection").textContent(), { timeout: 30_000 }).toContain("Polling");
    await page.getByRole("button", { name: "Mark 128431 arrived" }).click();
    await wall.locator('.tile[data-car="128431"][data-status="on-site"]').waitFor({ timeout: 15_000 });
    // And changes made elsewhere reach it through the poll.
    await postMutation(server.keys, { type: "car.update", carId: "128446", patch: { late: true } });
    await page.getByRole("button", { name: "Mark 128446 not late" }).waitFor({ timeout: 15_000 });
    refuse = false;
    await expect.poll(() => page.getByTestId("connection").textContent(), { timeout: 40_000 }).toBe("Live");
  });
});
