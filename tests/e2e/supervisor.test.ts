import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shift } from "../../shared";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { postMutation } from "../../scripts/hub-http";
import { EXPORT_COLUMNS } from "../../shared/csv";
import { PushService } from "../support/push-service";
import { axeViolations, device, launchBrowser, openTools, twoHandheldsAndAWall, openCar } from "./browser";

let server: DevServer;
let browser: Browser;
let ana: Page;
let bob: Page;
let wall: Page;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8834 });
  browser = await launchBrowser();
  ({ ana, bob, wall } = await twoHandheldsAndAWall(browser, server));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("what a supervisor runs a shift with", () => {
  it("starts a shift on one handheld, shows it everywhere, and ends it with a handoff and a reset", async () => {
    await openTools(ana);
    await ana.getByRole("button", { name: "Start shift…" }).click();
    await ana.getByLabel("Notes for this shift").fill("night crew");
    await ana.getByRole("button", { name: "Start shift", exact: true }).click();
    await expect
      .poll(() => bob.getByTestId("shift-line").textContent())
      .toMatch(/Shift open since .*, started by ana · night crew/);
    await expect
      .poll(() => wall.getByTestId("wall-shift").textContent())
      .toMatch(/Shift open since .*, started by ana/);

    await bob.getByRole("button", { name: "Mark 128414 arrived" }).click();
    await wall.locator('.tile[data-car="128414"][data-status="on-site"]').waitFor();

    await ana.getByRole("button", { name: "End shift…" }).click();
    await ana.getByLabel("Handoff notes").fill("128450 still out");
    await ana.getByRole("button", { name: "End shift", exact: true }).click();
    await ana.getByRole("button", { name: "End and reset every car" }).click();
    await expect.poll(() => bob.getByTestId("shift-line").textContent()).toBe("No shift open");
    await expect.poll(() => wall.getByTestId("wall-shift").textContent()).toBe("No shift open");
    await wall.locator('.tile[data-car="128414"][data-status="pending"]').waitFor();

    const { shifts } = await server.keys.get<{ shifts: Shift[] }>("/api/facilities/demo/shifts");
    expect(shifts[0]).toMatchObject({
      startedBy: "ana",
      notes: "night crew",
      endedBy: "ana",
      endNotes: "128450 still out",
    });
    expect(shifts[0]!.stats).toMatchObject({ total: 43, arrived: 1, notArrived: 42 });
  });

  it("resets the board between shifts, only after asking, and every screen follows", async () => {
    await openTools(ana);
    await bob.getByRole("button", { name: "Mark 128421 arrived" }).click();
    await wall.locator('.tile[data-car="128421"][data-status="on-site"]').waitFor();
    await ana.getByRole("button", { name: "Reset board…" }).click();
    const ask = ana.getByRole("group", { name: "Reset the board?" });
    expect(await ask.textContent()).toContain("All 43 cars go back to pending");
    await ask.getByRole("button", { name: "Keep the board" }).click();
    expect(await wall.locator('.tile[data-car="128421"]').getAttribute("data-status")).toBe("on-site");
    await ana.getByRole("button", { name: "Reset board…" }).click();
    await ana.getByRole("button", { name: "Yes, reset every car" }).click();
    await wall.locator('.tile[data-car="128421"][data-status="pending"]').waitFor();
    await bob.getByRole("button", { name: "Mark 128421 arrived" }).waitFor();
    await expect.poll(() => bob.getByTestId("shift-line").textContent()).toBe("No shift open");
  });

  it("shows a car's history, newest first, after three changes", async () => {
    await bob.getByRole("button", { name: "Mark 690359 arrived" }).click();
    await openCar(bob, "690359");
    await bob.getByLabel("Location of 690359").selectOption("200");
    await ana.getByRole("button", { name: "Mark 690359 late" }).click();
    await ana.getByRole("button", { name: "Mark 690359 not late" }).waitFor();
    await openCar(ana, "690359");
    await ana.getByLabel("History of 690359").click();
    const list = ana.getByRole("list", { name: "Changes to 690359" });
    await expect.poll(() => list.locator("li").count()).toBe(3);
    const items = await list.locator("li").allTextContents();
    // In a supervisor's words, not field names: who, then what.
    expect(items[0]).toMatch(/ana \(supervisor\) marked 690359 late$/);
    expect(items[1]).toMatch(/bob \(supervisor\) moved 690359 from Yard to 200$/);
    expect(items[2]).toMatch(/bob \(supervisor\) marked 690359 arrived$/);
    expect(items.join("\n")).not.toMatch(/false|true|→/);
  });

  it("previews an import with bad rows, applies it, and an export read back changes nothing", async () => {
    await openTools(ana);
    await ana.getByRole("button", { name: "Import / export CSV" }).click();
    const csv = "id,location,arrived\nCSV-1,100,yes\nbad id!,100,\nCSV-2,Mars,\n128414,300,\n";
    await ana
      .getByLabel("Import a CSV file")
      .setInputFiles({ name: "new.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect
      .poll(() => ana.getByTestId("import-summary").textContent())
      .toBe("new.csv: 1 to add, 1 to update, 0 unchanged, 2 invalid");
    const problems = await ana.getByRole("list", { name: "Invalid rows" }).locator("li").allTextContents();
    expect(problems).toEqual([
      expect.stringContaining('Line 3: "bad id!" is not a car id'),
      expect.stringContaining("Line 4: unknown location"),
    ]);
    // An update says what it changes.
    expect(await ana.getByRole("list", { name: "Rows to apply" }).textContent()).toContain(
      "Update 128414: location Yard → 300",
    );
    // Nothing changed before the supervisor applies it.
    expect(await wall.locator('.tile[data-car="CSV-1"]').count()).toBe(0);
    await ana.getByRole("button", { name: /Apply 2 changes/ }).click();
    // The panel closes: the board shows the result.
    const csvToggle = ana.getByRole("button", { name: "Import / export CSV" });
    await expect.poll(() => csvToggle.getAttribute("aria-expanded")).toBe("false");
    await ana.getByRole("button", { name: "Import / export CSV" }).click();
    await wall.locator('section[aria-label="Location 100"] .tile[data-car="CSV-1"][data-status="on-site"]').waitFor();
    await wall.locator('section[aria-label="Location 300"] .tile[data-car="128414"]').waitFor();

    const [download] = await Promise.all([
      ana.waitForEvent("download"),
      ana.getByRole("button", { name: "Export board as CSV" }).click(),
    ]);
    const exported = readFileSync((await download.path())!, "utf8");
    expect(exported.split("\r\n")[0]).toBe(
      "Car ID,Location,Status,Arrived,Arrived At,Empty,Emptied At,Late,Notes,Last Updated",
    );
    await ana
      .getByLabel("Import a CSV file")
      .setInputFiles({ name: "again.csv", mimeType: "text/csv", buffer: Buffer.from(exported) });
    await expect
      .poll(() => ana.getByTestId("import-summary").textContent())
      .toBe("again.csv: 0 to add, 0 to update, 44 unchanged, 0 invalid");
    await ana.getByRole("button", { name: "Cancel" }).click();
  });

  it("renames, adds and reorders locations; every screen follows, and a location with cars cannot be removed", async () => {
    await openCar(ana, "128421");
    await openCar(bob, "128421");
    await ana.getByLabel("Location of 128421").selectOption("500");
    await openTools(ana);
    await ana.getByRole("button", { name: "Locations", exact: true }).click();
    await expect.poll(() => ana.getByRole("button", { name: "Remove 500" }).isDisabled()).toBe(true);
    await ana.getByRole("button", { name: "Rename 500" }).click();
    await ana.getByLabel("New name for 500").fill("Dock 5");
    await ana.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => bob.getByLabel("Location of 128421").inputValue()).toBe("Dock 5");
    await wall.locator("h2", { hasText: "Dock 5" }).waitFor();
    await ana.getByLabel("New location").fill("Overflow");
    await ana.getByRole("button", { name: "Add location" }).click();
    await ana.getByRole("button", { name: "Move Overflow up" }).click();
    await expect
      .poll(async () => (await bob.getByLabel("Location of 128421").locator("option").allTextContents()).slice(-2))
      .toEqual(["Overflow", "Shop"]);
    await ana.getByRole("button", { name: "Remove Overflow" }).click();
    await expect
      .poll(() => bob.getByLabel("Location of 128421").locator("option", { hasText: "Overflow" }).count())
      .toBe(0);
  });

  it("pages the shift history into a shift's detail and its CSV, and filters and exports the audit", async () => {
    const page = (await device(browser, server, { name: "ana" })).page;
    await page.goto("/f/demo/shifts");
    await page.getByRole("table").getByRole("link").first().click();
    await page.getByText("Handoff: 128450 still out").waitFor();
    expect(await page.getByRole("table", { name: "Cars at the end of the shift" }).locator("tbody tr").count()).toBe(
      43,
    );
    const [shiftCsv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download this shift as CSV" }).click(),
    ]);
    const shiftText = readFileSync((await shiftCsv.path())!, "utf8");
    expect(shiftText.split("\r\n")[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(shiftText).toContain("128414,");

    await page.goto("/f/demo/audit");
    await page.getByRole("button", { name: "Filters" }).click();
    await page.getByLabel("Person").fill("bob");
    await page.getByRole("button", { name: "Show" }).click();
    const table = page.getByRole("table", { name: "Changes" });
    const rows = table.locator("tbody tr");
    // The unfiltered first page stays on screen until the filtered answer replaces it and says so.
    await page.getByTestId("audit-shown").getByText("Changes for person “bob”").waitFor();
    expect(await table.getAttribute("aria-busy")).toBe("false");
    expect(await rows.count()).toBeGreaterThan(0);
    expect((await rows.allTextContents()).every((t) => t.includes("bob (supervisor)"))).toBe(true);
    const [auditCsv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const auditText = readFileSync((await auditCsv.path())!, "utf8").split("\r\n");
    expect(auditText[0]).toBe("Time,Car ID,Action,Field,Old,New,Person,Role");
    expect(auditText.length - 1).toBe(await rows.count());

    const crew = (await device(browser, server, { name: "cy", role: "crew" })).page;
    await crew.goto("/f/demo/audit");
    await crew.getByText("Only supervisors see this page.").waitFor();
    await page.context().close();
    await crew.context().close();
  });

  it("reads the audit on a phone: nothing wider than the screen, every row in words", async () => {
    const { page, context } = await device(browser, server, { name: "ana" });
    await page.goto("/f/demo/audit");
    const rows = page.getByRole("table", { name: "Changes" }).locator("tbody tr");
    await rows.first().waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth <= innerWidth")).toBe(true);
    // The changes come first; the filters open from a button.
    expect((await rows.first().boundingBox())!.y + 40).toBeLessThan(640);
    await page.getByRole("button", { name: "Filters" }).click();
    await page.getByLabel("Person").waitFor();
    expect(await rows.first().textContent()).toMatch(/\((crew|supervisor)\)|The hub|\(operator\)/);
    await context.close();
  });

  it("draws the analytics of the finished shift as charts", async () => {
    const page = (await device(browser, server, { name: "ana", viewport: { width: 1024, height: 900 } })).page;
    await page.goto("/f/demo/analytics");
    await page.getByTestId("shift-figures").waitFor();
    // The first test's shift: 1 of 43 arrived, then ended.
    expect(await page.getByTestId("shift-figures").textContent()).toContain("Arrived1/43");
    await expect.poll(() => page.locator("canvas").count()).toBe(5);
    // Each canvas has something drawn on it (Chart.js ran under the app's CSP).
    const inked = (await page.evaluate(`[...document.querySelectorAll("canvas")].map((c) => {
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
        return n;
      })`)) as number[];
    expect(inked.every((n) => n > 500)).toBe(true);
    await page.context().close();
  });

  it("at the cut-off flags cars late and raises one alert on every screen and a phone; a supervisor acknowledges it", async () => {
    // A supervisor's phone that is not looking: its browser subscribed at a push service (the stand-in).
    const pushService = await PushService.start();
    const phone = pushService.subscribe();
    const subscribed = await fetch(`${server.url}/api/facilities/demo/push-subscriptions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await server.keys.token("supervisor", "lee")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ ...phone, timeZone: "UTC" }),
    });
    expect(subscribed.status).toBe(201);
    const crew = (await device(browser, server, { role: "crew", name: "cam" })).page;
    // cam turned alert sound on before this page loaded; the browser counts the tones the page starts.
    await crew.addInitScript(`localStorage.setItem("ct.alertSound", "1"); window.tones = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...a) { window.tones++; return start.apply(this, a); };`);
    await crew.goto("/f/demo");
    // Any first tap on the page lets it make sound.
    await crew.getByRole("button", { name: "Night mode" }).click();

    const cutoff = new Date(Date.now() + 1500).toISOString();
    expect((await postMutation(server.keys, { type: "shift.start", cutoff })).status).toBe(200);
    await expect.poll(() => wall.getByTestId("wall-shift").textContent()).toContain("cut-off");
    await wall.locator('.tile.is-late[data-car="128458"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => wall.getByTestId("wall-shift").textContent()).toContain("passed");
    await bob.getByRole("button", { name: "Mark 128458 not late" }).waitFor();

    // One alert, in words, on the handhelds and large on the wall.
    // The screens write the time in the browser's own clock (en-US here: 10:30 PM), the push in the phone's zone.
    const words = /^\d+ cars not in at the \d\d?:\d\d( [AP]M)? cut-off$/;
    for (const p of [ana, bob, crew])
      await expect.poll(() => p.getByTestId("alert-newest").textContent()).toMatch(words);
    const wallAlerts = wall.getByRole("status", { name: "Alerts" });
    await expect.poll(() => wallAlerts.textContent()).toMatch(/cars not in at the \d\d?:\d\d( [AP]M)? cut-off/);
    await expect.poll(() => crew.evaluate("window.tones")).toBe(2); // one alert, its two tones
    // The phone got it through the push service: signed with this hub's VAPID key, decrypted by the stand-in.
    const [push] = await pushService.waitFor(1);
    expect(pushService.refused).toEqual([]);
    expect(push!.vapidKey).toBe(server.vapidPublicKey);
    expect(push!.payload.body).toMatch(/^\d+ cars not in at the \d\d:\d\d cut-off$/);
    expect(push!.payload.url).toBe("/f/demo");
    expect(push).toMatchObject({ urgency: "high", ttl: "3600" });

    // Crew see it but cannot acknowledge; a supervisor does, and the wall says who saw it.
    await crew.getByRole("button", { name: /^Alerts: 1/ }).click();
    await crew.getByText(/^Raised at /).waitFor();
    expect(await crew.getByRole("button", { name: /^Acknowledge/ }).count()).toBe(0);
    await ana.getByRole("button", { name: /^Alerts: 1/ }).click();
    await ana.getByRole("button", { name: /^Acknowledge: \d+ cars not in/ }).click();
    await expect.poll(() => wallAlerts.textContent()).toContain("seen by ana");
    await expect.poll(() => bob.getByText("seen by ana").count()).toBe(0); // bob's list is closed
    await bob.getByRole("button", { name: /^Alerts: 1/ }).click();
    await bob.getByText(/seen by ana/).waitFor();
    // The open list, the wall's strip, by day and by night: no serious accessibility faults.
    for (const p of [bob, wall]) expect(await axeViolations(p), p.url()).toEqual([]);
    await bob.getByRole("button", { name: "Night mode" }).click();
    expect(await bob.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    expect(await axeViolations(bob), "night").toEqual([]);
    await bob.getByRole("button", { name: "Night mode" }).click();

    // The supervisor sees which phones get alerts (people, never keys), beside the rules.
    await openTools(ana);
    await ana.getByRole("button", { name: "Alert rules" }).click();
    await ana.getByRole("table", { name: "Phones that get alerts" }).getByText("lee · supervisor").waitFor();

    expect((await postMutation(server.keys, { type: "shift.end" })).status).toBe(200);
    // The shift ended: its cut-off alert cleared by the hub, everywhere.
    await expect.poll(() => wall.getByRole("status", { name: "Alerts" }).count()).toBe(0);
    await expect.poll(() => crew.getByTestId("alert-newest").count()).toBe(0);
    await crew.context().close();
    await pushService.stop();
  });
});
