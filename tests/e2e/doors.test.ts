import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditPage, SnapshotMessage } from "../../shared";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { axeViolations, clippedButtons, device, launchBrowser } from "./browser";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8837 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pill = (p: Page) => p.getByTestId("connection").textContent();
const doorCard = (p: Page, door: string) => p.getByRole("listitem", { name: `Door ${door}`, exact: true });
const hubState = () => server.keys.get<SnapshotMessage>("/api/facilities/demo/state");

async function dockAt(p: Page, door: string, trailer: string, full: string): Promise<void> {
  await p.getByRole("button", { name: `Dock a trailer at door ${door}` }).click();
  const form = p.getByRole("form", { name: `Dock a trailer at door ${door}` });
  // A hardware scanner types the number into the focused field.
  await p.keyboard.type(trailer);
  await form.getByRole("button", { name: full }).click();
  await form.getByRole("button", { name: `Dock trailer at door ${door}` }).click();
}

describe("the door board on two handhelds and the wall", () => {
  it("docks, unloads, finishes and departs a trailer, seen live on the other handheld and the wall", async () => {
    const ana = (await device(browser, server, { name: "ana", role: "crew" })).page;
    const bob = (await device(browser, server, { name: "bob" })).page;
    const wall = (await device(browser, server, { role: "display", viewport: { width: 1920, height: 1080 } })).page;
    await ana.goto("/f/demo");
    await ana.getByText("Live").waitFor();
    await ana.getByRole("link", { name: "Doors" }).click();
    await bob.goto("/f/demo/doors");
    await wall.goto("/f/demo/wall");
    for (const p of [ana, bob, wall]) await p.getByText("Live").waitFor();

    await dockAt(ana, "12", "53210", "75%");
    await expect.poll(() => doorCard(bob, "12").textContent()).toContain("Trailer 53210");
    await expect.poll(() => doorCard(bob, "12").textContent()).toContain("75% left");
    await bob.getByRole("button", { name: "Unloaded 10% more at door 12" }).click();
    await expect.poll(() => doorCard(ana, "12").textContent()).toContain("65% left");
    await expect.poll(() => doorCard(ana, "12").textContent()).toContain("Unloading");
    const strip = wall.getByRole("region", { name: "Doors" });
    await expect.poll(() => strip.locator('[data-door="12"]').textContent()).toContain("53210");
    await expect.poll(() => strip.locator('[data-door="12"]').textContent()).toContain("65%");

    await ana.getByRole("button", { name: "Done unloading at door 12" }).click();
    await expect.poll(() => doorCard(bob, "12").textContent()).toContain("Unloaded");
    await expect.poll(() => doorCard(bob, "12").textContent()).toContain("0% left");
    await bob.getByRole("button", { name: "Depart trailer from door 12" }).click();
    await bob.getByRole("button", { name: "Door 12 expects the next trailer" }).click();
    await expect.poll(() => doorCard(ana, "12").textContent()).toContain("Expecting a trailer");
    await expect.poll(() => strip.locator('[data-door="12"]').textContent()).toContain("Expecting a trailer");
    // The trailer's story in words, by the people who did it.
    const words = await server.keys.get<AuditPage>("/api/facilities/demo/audit?trailer=53210");
    expect(words.entries.map((e) => e.field)).toEqual(
      expect.arrayContaining(["12/trailer", "12/left", "12/status", "12/state"]),
    );
    // No shift is open, so the departed trailer has left the board; its door waits for the next one.
    // The supervisor's audit, filtered by trailer, tells the same story in words.
    await bob.goto("/f/demo/audit");
    await bob.getByRole("button", { name: "Filters" }).click();
    await bob.getByLabel("Trailer").fill("53210");
    await bob.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => bob.getByTestId("audit-shown").textContent()).toBe("Changes for trailer 53210");
    const table = bob.getByRole("table", { name: "Changes" });
    await expect.poll(() => table.textContent()).toContain("docked trailer 53210 at door 12");
    expect(await table.textContent()).toContain("unloaded 10% more of trailer 53210 (65% left)");
    expect(await table.textContent()).toContain("pulled trailer 53210 from door 12");
    const board = await hubState();
    expect(board.visits.find((v) => v.trailer === "53210")).toBeUndefined();
    expect(board.doors.find((d) => d.door === "12")).toMatchObject({ door: "12", state: "pending", visitId: null });
  });

  it("keeps door taps made offline and replays each exactly once", async () => {
    const crew = await device(browser, server, { name: "cam", role: "crew" });
    const page = crew.page;
    await page.goto("/f/demo/doors");
    await page.getByText("Live").waitFor();
    await dockAt(page, "14", "OFF-1", "100%");
    await expect.poll(async () => (await hubState()).doors.find((d) => d.door === "14")?.state).toBe("occupied");
    const before = (await hubState()).seq;

    await crew.context.setOffline(true);
    await expect.poll(() => pill(page)).not.toBe("Live");
    await page.getByRole("button", { name: "Unloaded 25% more at door 14" }).click();
    await page.getByRole("button", { name: "Unloaded 10% more at door 14" }).click();
    await expect.poll(() => doorCard(page, "14").textContent()).toContain("65% left");
    await expect.poll(() => pill(page)).toContain("2 waiting");
    expect((await hubState()).seq).toBe(before);

    await crew.context.setOffline(false);
    await expect.poll(() => pill(page), { timeout: 30_000 }).toBe("Live");
    const changes = await server.keys.get<{ diffs: { mutationId: string }[] }>(
      `/api/facilities/demo/changes?since=${before}`,
    );
    expect(changes.diffs).toHaveLength(2);
    expect((await hubState()).visits.find((v) => v.trailer === "OFF-1")?.remainingPercent).toBe(65);
  });

  it("sweeps the doors, shows the refused door by number, and replaces it only when told", async () => {
    const sam = (await device(browser, server, { name: "sam" })).page;
    await sam.goto("/f/demo/doors");
    await sam.getByText("Live").waitFor();
    await dockAt(sam, "15", "53999", "50%");
    await sam.getByRole("button", { name: "Check every door" }).click();
    const sweep = sam.getByRole("region", { name: "Check every door" });
    for (const door of ["9", "10", "11", "12", "13", "14"]) {
      await sweep.getByRole("button", { name: `Door ${door} is as the board says` }).click();
    }
    await sweep.getByLabel("Another trailer is there").fill("77777");
    await sweep.getByLabel("How full (%)").fill("60");
    await sweep.getByRole("button", { name: "Trailer at door 15" }).click();
    await sweep.getByRole("button", { name: "Skip to the summary" }).click();
    await expect
      .poll(() => sweep.getByRole("list", { name: "Doors that will change" }).textContent())
      .toContain("Door 15: trailer 53999 → trailer 77777 (60% full)");
    await sweep.getByRole("button", { name: "Send 1 door changes" }).click();
    const refused = sweep.getByRole("alert");
    await expect.poll(() => refused.textContent()).toContain("Door 15: the board has trailer 53999 here");
    expect((await hubState()).visits.find((v) => v.trailer === "53999")?.status).toBe("arrived");
    // The hub's reason comes as words, so a Spanish screen reads it in Spanish, not in the hub's English.
    await sam.getByRole("button", { name: "Español" }).click();
    const rechazadas = sam
      .getByRole("region", { name: "Revisar todas las puertas" })
      .getByRole("list", { name: "Puertas rechazadas" });
    await expect
      .poll(() => rechazadas.textContent())
      .toBe("Puerta 15: el tablero tiene aquí el remolque 53999; la revisión vio el remolque 77777");
    await sam.getByRole("button", { name: "English" }).click();

    await refused.getByRole("button", { name: "The sweep is right at door 15: replace" }).click();
    await sweep.getByRole("button", { name: "Send 1 door changes" }).click();
    await expect.poll(() => doorCard(sam, "15").textContent()).toContain("Trailer 77777");
    await expect.poll(async () => (await hubState()).visits.map((v) => v.trailer)).toContain("77777");
    const after = await hubState();
    // The replaced trailer was departed first (no shift is open, so it leaves the board), never orphaned.
    expect(after.visits.find((v) => v.trailer === "53999")).toBeUndefined();
    expect(after.doors.find((d) => d.door === "15")?.visitId).toBe(
      after.visits.find((v) => v.trailer === "77777")?.visitId,
    );
  });

  it("is for gloves on a 360 px handheld: nothing clipped or wrapped, clean for axe by day and by night", async () => {
    const page = (await device(browser, server, { name: "dee", role: "supervisor" })).page;
    await page.goto("/f/demo/doors");
    await page.getByText("Live").waitFor();
    await dockAt(page, "11", "GLOVE-1", "25%");
    await page.getByRole("button", { name: "More for trailer GLOVE-1 at door 11" }).click();
    await page.getByRole("list", { name: "What happened to trailer GLOVE-1" }).waitFor();
    expect(await clippedButtons(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Night mode" }).click();
    expect(await axeViolations(page), "night").toEqual([]);
    await page.getByRole("button", { name: "Night mode" }).click();
    expect(await page.getByRole("listitem", { name: /^Door \S+$/ }).count()).toBe(15);
    // A supervisor adds a door to the list from the board's tools; every door board follows.
    await page.getByRole("link", { name: "Cars" }).click();
    await page.getByRole("button", { name: "Supervisor tools" }).click();
    await page.getByRole("button", { name: "Dock doors" }).click();
    await page.getByLabel("Doors, in order").fill("9-23, North-1");
    await page.getByRole("button", { name: "Save the doors" }).click();
    await expect.poll(async () => (await hubState()).facility.doors.at(-1)).toBe("North-1");
    await page.goto("/f/demo/doors");
    await doorCard(page, "North-1").waitFor();
  });
});
