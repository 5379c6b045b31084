import type { Browser } from "playwright-core";
import type { SnapshotMessage } from "../../shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { postMutation } from "../../scripts/hub-http";
import { PushService } from "../support/push-service";
import { axeViolations, clippedButtons, device, launchBrowser } from "./browser";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  // As `npm start` runs it: the demo building with its fourteen past nights (the Spanish tests share it, so a
  // whole-suite run starts one hub fewer).
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

const car = async (id: string) =>
  (await server.keys.get<SnapshotMessage>("/api/facilities/demo/state")).cars.find((c) => c.id === id);

describe("Spanish on the floor", () => {
  it("opens in Spanish on a Spanish phone: sign-in, the board and its taps, in words a crew uses", async () => {
    const page = (await device(browser, server, { role: null, locale: "es-ES" })).page;
    await page.goto("/f/demo");
    const form = page.getByRole("form", { name: "Entrar" });
    await expect.poll(() => page.getByRole("main").textContent()).toContain("Entrar en Demo hub.");
    await form.getByLabel("Su nombre").fill("Lucía");
    await form.getByLabel("Código de acceso").fill("WRONG-CODE-1");
    await form.getByRole("button", { name: "Entrar" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Ese código no abre nada en este edificio");
    await form.getByLabel("Código de acceso").fill((await server.keys.codes()).crew);
    await form.getByRole("button", { name: "Entrar" }).click();
    await page.getByText("En vivo").waitFor();
    expect(await page.getByTestId("shift-line").textContent()).toBe("Sin turno abierto");
    await page.getByRole("button", { name: "Marcar 128489 como llegado" }).click();
    await expect.poll(async () => (await car("128489"))?.arrived).toBe(true);
    await page.getByRole("button", { name: "Marcar 128489 como no llegado" }).waitFor();
    expect(await page.evaluate("document.documentElement.lang")).toBe("es");
    expect(await clippedButtons(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Modo noche" }).click();
    expect(await axeViolations(page), "noche").toEqual([]);
  });

  it("switches an English handheld to Spanish and back, and remembers it on this device", async () => {
    const page = (await device(browser, server, { name: "sam" })).page;
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    await page.getByRole("button", { name: "Español" }).click();
    await page.getByText("En vivo").waitFor();
    await page.getByRole("button", { name: "Herramientas" }).waitFor();
    await page.reload();
    await page.getByText("En vivo").waitFor();
    // Supervisor pages and the door board follow the same choice.
    await page.goto("/f/demo/audit");
    await page.getByRole("table", { name: "Cambios" }).waitFor();
    expect(await axeViolations(page), "auditoría").toEqual([]);
    await page.goto("/f/demo/doors");
    await page.getByRole("button", { name: "Atracar un remolque en la puerta 12" }).waitFor();
    expect(await axeViolations(page), "puertas").toEqual([]);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Dock a trailer at door 12" }).waitFor();
  });

  it("shows the wall in Spanish on a Spanish TV, with a 24-hour clock", async () => {
    const page = (
      await device(browser, server, { role: "display", locale: "es-ES", viewport: { width: 1920, height: 1080 } })
    ).page;
    await page.goto("/f/demo/wall");
    await page.getByText("En vivo").waitFor();
    expect(await page.getByRole("list", { name: "Leyenda" }).textContent()).toContain("En sitio");
    expect(await page.locator('.tile[data-car="128414"]').textContent()).toContain("pendiente");
    expect(await page.locator(".clock").textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe("alerts on a supervisor's phone", () => {
  it("shows a pushed alert as a notification from the service worker, and opens the car it names", async () => {
    const { context, page } = await device(browser, server, { name: "lee" });
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    await page.evaluate("navigator.serviceWorker.ready.then(() => undefined)");
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    // The headless shell has no notification platform (Notification.permission is "denied" whatever is
    // granted, and showNotification throws), so the browser's showNotification records what it was asked to show.
    await sw.evaluate(`self.shown = [];
      self.registration.showNotification = (title, o) => (self.shown.push([title, o.body, o.tag, o.data.url]), Promise.resolve());`);
    const cdp = await context.newCDPSession(page);
    const registrations = new Promise<{ registrationId: string }[]>((resolve) =>
      cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => resolve(e.registrations)),
    );
    await cdp.send("ServiceWorker.enable");
    const [reg] = await registrations;
    const alert = {
      title: "Demo hub",
      body: "Car 128458 arrived at 22:10 and is not empty",
      url: "/f/demo?car=128458",
      tag: "notEmpty:128458",
    };
    // What the push service hands the browser, delivered to the worker's real push handler.
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: server.url,
      registrationId: reg!.registrationId,
      data: JSON.stringify(alert),
    });
    await expect.poll(() => sw.evaluate("self.shown")).toEqual([[alert.title, alert.body, alert.tag, alert.url]]);
    // What a tap on it opens: the board with that car found and open.
    await page.goto(alert.url);
    await page.getByRole("button", { name: /^More for 128458:/, expanded: true }).waitFor();
    expect(await page.getByRole("button", { name: /^More for / }).count()).toBe(1);
    await context.close();
  });

  // Last here: it opens a shift on the demo board.
  it("pushes alerts in Spanish to a supervisor's phone once its handheld is switched to Spanish", async () => {
    const pushService = await PushService.start();
    const phone = pushService.subscribe();
    const { page, context } = await device(browser, server, { name: "lee" });
    // The headless shell has no push platform (no permission to grant, no push service to subscribe at): the
    // browser's PushManager hands out the stand-in's subscription, kept on the device as a real one is.
    await page.addInitScript(`{
      const sub = ${JSON.stringify(phone)};
      const held = () => localStorage.getItem("test.push") === "1";
      const made = { ...sub, toJSON: () => sub, unsubscribe: async () => (localStorage.removeItem("test.push"), true) };
      Object.defineProperty(Notification, "permission", { get: () => localStorage.getItem("test.asked") ?? "default" });
      Notification.requestPermission = async () => (localStorage.setItem("test.asked", "granted"), "granted");
      PushManager.prototype.getSubscription = async () => (held() ? made : null);
      PushManager.prototype.subscribe = async () => (localStorage.setItem("test.push", "1"), made);
    }`);
    // Its first open: the offer comes once the page's service worker is in place.
    await page.goto("/f/demo");
    await page
      .getByRole("region", { name: "Alerts on this phone" })
      .getByRole("button", { name: "Turn on alerts" })
      .click();
    await expect.poll(() => page.getByRole("button", { name: "Turn on alerts" }).count()).toBe(0);
    // The phone tells the hub its new language by itself.
    const told = page.waitForResponse(
      (r) => r.url().endsWith("/push-subscriptions") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Español" }).click();
    expect((await told).status()).toBe(201);

    const cutoff = new Date(Date.now() + 1500).toISOString();
    expect((await postMutation(server.keys, { type: "shift.start", cutoff })).status).toBe(200);
    const [push] = await pushService.waitFor(1);
    expect(pushService.refused).toEqual([]);
    expect(push!.payload.body).toMatch(/^\d+ vehículos sin llegar a la hora límite de las \d\d:\d\d$/);
    expect((await postMutation(server.keys, { type: "shift.end" })).status).toBe(200);
    await context.close();
    await pushService.stop();
  });
});
