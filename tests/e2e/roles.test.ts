import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { PROTOCOL_VERSION, type SnapshotMessage } from "../../shared";
import { device, launchBrowser, openTools, openCar } from "./browser";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: 8835 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the page's own cookie gets from the hub when it tries a mutation behind the UI's back. */
function forge(page: Page, mutation: Record<string, unknown>): Promise<{ status: number; code: string }> {
  const body = JSON.stringify({ ...mutation, mutationId: crypto.randomUUID() });
  return page.evaluate(`fetch("/api/facilities/demo/mutations", {
      method: "POST", headers: { "content-type": "application/json" }, body: ${JSON.stringify(body)}
    }).then(async (r) => ({ status: r.status, code: (await r.json()).code }))`) as Promise<{
    status: number;
    code: string;
  }>;
}

/** The same over the page's own WebSocket: the reject the hub answers. */
function forgeOverSocket(page: Page, mutation: Record<string, unknown>): Promise<string> {
  const frame = JSON.stringify({ type: "mutate", mutation: { ...mutation, mutationId: crypto.randomUUID() } });
  return page.evaluate(`new Promise((resolve) => {
      const ws = new WebSocket(location.origin.replace("http", "ws") + "/parties/facility/demo?protocol=${PROTOCOL_VERSION}");
      ws.onmessage = (e) => {
        const m = JSON.parse(e.data);
        if (m.type === "snapshot") ws.send(${JSON.stringify(frame)});
        if (m.type === "reject" || m.type === "ack") { resolve(m.type + ":" + (m.code || "")); ws.close(); }
      };
    })`) as Promise<string>;
}

const carState = async (id: string) =>
  (await server.keys.get<SnapshotMessage>("/api/facilities/demo/state")).cars.find((c) => c.id === id);

describe("roles in the browser", () => {
  it("display sees the wall and can change nothing, even behind the UI", async () => {
    const { page } = await device(browser, server, { role: "display", name: "Wall TV" });
    await page.goto("/f/demo");
    await page.locator('.tile[data-car="128414"]').waitFor();
    expect(await page.getByRole("button", { name: /^Mark .* arrived$/ }).count()).toBe(0);
    expect(await forge(page, { type: "car.update", carId: "128414", patch: { late: true } })).toEqual({
      status: 403,
      code: "forbidden",
    });
    expect(await forgeOverSocket(page, { type: "car.add", carId: "WALL-1" })).toBe("reject:forbidden");
    expect((await carState("128414"))?.late).toBe(false);
    expect(await carState("WALL-1")).toBeUndefined();
    await page.context().close();
  });

  it("crew taps cars but cannot remove one, reset, import or run shifts", async () => {
    const { page } = await device(browser, server, { role: "crew", name: "casey" });
    await page.goto("/f/demo");
    await page.getByText("Live").waitFor();
    await expect.poll(() => page.getByTestId("whoami").textContent()).toContain("casey · crew");
    await page.getByRole("button", { name: "Mark 128421 arrived" }).click();
    await expect.poll(async () => (await carState("128421"))?.arrived).toBe(true);
    expect((await carState("128421"))?.updatedBy).toBe("casey");

    expect(await page.getByRole("button", { name: "Remove" }).count()).toBe(0);
    // Crew's tools hold adding a car and the export, nothing of the supervisor's.
    await openTools(page);
    await page.getByRole("region", { name: "Add car, export" }).getByLabel("Add car").waitFor();
    expect(await page.getByRole("button", { name: "Start shift…" }).count()).toBe(0);
    expect(await page.getByText("Import a CSV file").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Access codes" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Reset board…" }).count()).toBe(0);
    // A car's history is crew's to read: who marked it, in words.
    await openCar(page, "128421");
    await page.getByLabel("History of 128421").click();
    await expect
      .poll(() => page.getByRole("list", { name: "Changes to 128421" }).textContent())
      .toContain("casey (crew) marked 128421 arrived");
    for (const m of [
      { type: "car.remove", carId: "128421" },
      { type: "fleet.reset" },
      { type: "shift.start" },
      { type: "fleet.import", cars: [{ id: "X-1" }] },
    ]) {
      expect(await forge(page, m), m.type).toEqual({ status: 403, code: "forbidden" });
    }
    expect(await forgeOverSocket(page, { type: "car.remove", carId: "128421" })).toBe("reject:forbidden");
    expect((await carState("128421"))?.arrived).toBe(true);
    await page.context().close();
  });

  it("signs in with a code, is thrown out when the supervisor replaces it, and signs in with the new one", async () => {
    const { page } = await device(browser, server, { role: null });
    await page.goto("/f/demo");
    await page.getByLabel("Your name").fill("robin");
    await page.getByLabel("Access code").fill("NOT-A-CODE");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "opens nothing" }).waitFor();
    // The building by the name people call it, not its id.
    await expect.poll(() => page.getByRole("main").textContent()).toContain("Sign in to Demo hub");
    await page.getByLabel("Access code").fill((await server.keys.codes()).crew.toLowerCase());
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Live").waitFor();
    expect(await page.getByTestId("whoami").textContent()).toContain("robin · crew");
    // The cookie is HttpOnly: the page's own script cannot read the session.
    expect(await page.evaluate("document.cookie")).toBe("");

    const boss = (await device(browser, server, { role: "supervisor", name: "boss" })).page;
    await boss.goto("/f/demo");
    await openTools(boss);
    const codes = boss.getByRole("button", { name: "Access codes" });
    await codes.click();
    expect(await codes.getAttribute("aria-expanded")).toBe("true");
    await boss.getByRole("button", { name: "Replace crew code" }).click();
    // Replacing signs every crew handheld out, so it is asked first; keeping the code changes nothing.
    const ask = boss.getByRole("group", { name: "Replace the crew code?" });
    await expect
      .poll(() => ask.textContent())
      .toContain("Every crew handheld signed in with the old code is signed out");
    await ask.getByRole("button", { name: "Keep the crew code" }).click();
    await boss.getByRole("button", { name: "Replace crew code" }).click();
    await boss.getByRole("button", { name: "Yes, replace the crew code" }).click();
    const fresh = (await boss.getByTestId("new-code-crew").textContent())!;
    expect(fresh).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    // A second code made in the same visit does not push the first off the screen.
    await boss.getByRole("button", { name: "Replace wall screen code" }).click();
    await boss.getByRole("button", { name: "Yes, replace the wall screen code" }).click();
    await boss.getByTestId("new-code-display").waitFor();
    expect(await boss.getByTestId("new-code-crew").textContent()).toBe(fresh);
    // On one line at 360 px: the code's box is no taller than one line of its text.
    const box = (await boss.getByTestId("new-code-crew").boundingBox())!;
    expect(box.height).toBeLessThan(40);

    await page.getByRole("form", { name: "Sign in" }).waitFor();
    await page.getByLabel("Access code").fill(fresh);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Live").waitFor();
    // The wall code as a QR code: its address opens a wall screen signed in, and the code leaves the address bar.
    await boss.getByRole("button", { name: "Show the wall code as a QR code" }).click();
    await boss.getByRole("img", { name: "QR code that signs a wall screen in" }).waitFor();
    const wallUrl = (await boss.getByTestId("wall-url").textContent())!;
    expect(wallUrl).toMatch(/\/f\/demo\/wall#code=/);
    const tv = (await device(browser, server, { role: null, viewport: { width: 1920, height: 1080 } })).page;
    await tv.goto(wallUrl);
    await tv.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    expect(new URL(tv.url()).hash).toBe("");
    await tv.context().close();
    // The supervisor who replaced the code is still in.
    await boss.getByRole("button", { name: "Sign out" }).click();
    await boss.getByRole("form", { name: "Sign in" }).waitFor();
    await page.context().close();
    await boss.context().close();
  });
});

describe("what a facility's page asks for before its JavaScript runs", () => {
  /**
   * A supervisor's board, live, whose chunks matching `chunks` never arrive: as when the Wi-Fi drops before they
   * load and no service worker holds them.
   */
  async function liveWithout(chunks: RegExp) {
    const opened = await device(browser, server, { name: "pat", role: "supervisor", serviceWorkers: "block" });
    await opened.page.route(chunks, (route) => route.abort());
    await opened.page.goto("/f/demo");
    await opened.page.getByText("Live").waitFor();
    return opened;
  }

  it("asks who is signed in and for the board with the page, and that cannot undo a sign-out made offline that the next open finishes", async () => {
    // A supervisor: the crew code was replaced above.
    const { context, page } = await device(browser, server, {
      name: "pat",
      role: "supervisor",
      serviceWorkers: "block",
    });
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const first = await page.goto("/f/demo");
    expect(first?.headers().link).toBe(
      "</api/session>; rel=preload; as=fetch; crossorigin=anonymous, " +
        "</api/facilities/demo/state>; rel=preload; as=fetch; crossorigin=anonymous",
    );
    await page.getByText("Live").waitFor();
    // A first visit has no board on the device: it came over HTTP, and the socket asked only for what followed.
    expect(sockets[0]).toMatch(/[?&]since=\d+/);
    await context.setOffline(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("Signed out.").waitFor();
    await page.close();
    await context.setOffline(false);
    // The next open asks early with the cookie the hub still honours; the page ends the session, then asks again.
    const next = await context.newPage();
    const early = next.waitForResponse((r) => new URL(r.url()).pathname === "/api/session" && r.status() === 200);
    await next.goto("/f/demo");
    await early;
    await next.getByLabel("Access code").waitFor();
    expect((await context.request.get("/api/session")).status()).toBe(401);
    expect(await next.getByText("Live").count()).toBe(0);
    await context.close();
  });

  it("signed out with the Wi-Fi gone before the sign-in form came, still says so and how to get the form back", async () => {
    // The form's chunk never arrives.
    const { context, page } = await liveWithout(/\/assets\/sign-in-[^/]+\.js$/);
    await context.setOffline(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    // The sign-out is the news, in the heading; that the form could not load comes second.
    await page.getByRole("heading", { name: "Signed out." }).waitFor();
    await page.getByText("Nothing you tapped is lost", { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Reload" }).count()).toBe(1);
    await context.close();
  });

  it("keeps the board when the alert bar's and the push offer's chunks cannot come and no alert is up", async () => {
    const { context, page } = await liveWithout(/\/assets\/(alert-summary|push-offer)-[^/]+\.js$/);
    await page
      .getByRole("button", { name: /^Mark \S+ arrived$/ })
      .first()
      .click();
    await page
      .getByRole("button", { name: /^Mark \S+ not arrived$/ })
      .first()
      .waitFor();
    expect(await page.getByText("Something went wrong on this screen").count()).toBe(0);
    await context.close();
  });
});

describe("the operator's console", () => {
  it("creates a building, opens its board, and watches its row change live while a handheld taps; a screen's crash reaches it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url });
    const ops = await context.newPage();
    await ops.goto("/ops");
    await ops.getByLabel("Your name").fill("olga");
    await ops.getByLabel("Admin code").fill("wrong-code");
    await ops.getByRole("button", { name: "Sign in" }).click();
    await ops.getByRole("alert").filter({ hasText: "admin code" }).waitFor();
    await ops.getByLabel("Admin code").fill(server.keys.adminCode);
    await ops.getByRole("button", { name: "Sign in" }).click();
    await ops.getByRole("heading", { name: "Buildings" }).waitFor();

    await ops.getByLabel("Building id (a-z, 0-9, -)").fill("e2e-ops");
    await ops.getByLabel("Name", { exact: true }).fill("Ops Test Hub");
    await ops.getByLabel(/^Locations, separated by commas/).fill("Yard, 100");
    await ops.getByRole("button", { name: "Create building" }).click();
    await ops.getByText("Ops Test Hub is ready").waitFor();
    const row = ops.getByRole("row", { name: /Ops Test Hub/ });
    await expect.poll(() => row.textContent()).toContain("Healthy");
    expect(await row.textContent()).toContain("0 handhelds");

    // The board opens beside the console, as a supervisor named as the operator.
    const opened = context.waitForEvent("page");
    await ops.getByRole("button", { name: "Open the board of Ops Test Hub" }).click();
    const board = await opened;
    await board.getByText("Live").waitFor();
    await expect.poll(() => board.getByTestId("whoami").textContent()).toContain("olga (operator)");
    await openTools(board);
    await board.getByLabel("Add car").fill("555001");
    await board.getByRole("button", { name: "Add", exact: true }).click();
    await board.getByRole("button", { name: "Mark 555001 arrived" }).click();
    await expect.poll(() => row.textContent()).toContain("1 in · 0 waiting");
    expect(await row.textContent()).toContain("1 handhelds");

    // A component that throws: the screen says so and keeps the taps; the console lists it.
    await board.evaluate(`Date.prototype.toLocaleString = () => { throw new Error("e2e: the clock broke"); }`);
    await openCar(board, "555001");
    await board.getByLabel("History of 555001").click();
    await board.getByRole("heading", { name: "Something went wrong on this screen" }).waitFor();
    await board.getByRole("button", { name: "Reload" }).waitFor();
    await expect
      .poll(async () => {
        await ops.getByRole("button", { name: "Check again" }).click();
        return ops.getByRole("region", { name: "Screen errors" }).textContent();
      })
      .toContain("e2e: the clock broke");

    await ops.getByRole("button", { name: "Archive Ops Test Hub" }).click();
    await ops.getByRole("button", { name: "Yes, archive Ops Test Hub and sign everyone out" }).click();
    await expect.poll(() => row.textContent()).toContain("Archived");
    await context.close();
  });
});
