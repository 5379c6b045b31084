// npm run screenshots: the handheld (360x640) and the wall (1920x1080) with the demo fleet, into docs/.
import path from "node:path";
import { DEMO_CAR_IDS, type MutationDraft } from "../shared";
import { startDevServer } from "./dev-server";
import { postMutation } from "./hub-http";
import { device, launchBrowser } from "../tests/e2e/browser";

const DOCS = path.resolve(import.meta.dirname, "../docs");
// As `npm start` runs it: the demo building with its fourteen past nights behind it.
const server = await startDevServer({ config: "wrangler.jsonc", port: 8851, vars: { DEMO_HISTORY: "14" } });
const browser = await launchBrowser();
const mutate = (carId: string, patch: Record<string, unknown>) =>
  postMutation(server.keys, { type: "car.update", carId, patch }, "dana", "crew");
try {
  // The wall as a new building starts: the demo fleet after its past nights, before tonight's first tap.
  const fresh = await device(browser, server, { role: "display", viewport: { width: 1920, height: 1080 } });
  await fresh.page.goto("/f/demo/wall");
  await fresh.page.getByText("Live").waitFor();
  await fresh.page.screenshot({ path: path.join(DOCS, "wall-start.png") });
  await fresh.context.close();

  // A shift under way: some cars in, some emptied, a few late, spread over the lanes.
  const lanes = ["100", "200", "300", "400", "500", "600", "Shop"];
  const ids = DEMO_CAR_IDS.slice(0, 21);
  for (const [i, id] of ids.entries())
    await mutate(id, { arrived: true, location: lanes[i % lanes.length], ...(i % 4 === 0 ? { empty: true } : {}) });
  for (const id of ["173815", "690045", "690142", "128477"]) await mutate(id, { late: true });
  await mutate("128489", { notes: "Left mirror cracked" });

  const hand = await device(browser, server, { name: "dana" });
  await hand.page.goto("/f/demo");
  await hand.page.getByText("Live").waitFor();
  await hand.page.screenshot({ path: path.join(DOCS, "handheld.png") });
  const night = await device(browser, server, { name: "noor", role: "crew" });
  await night.page.emulateMedia({ colorScheme: "dark" });
  await night.page.goto("/f/demo");
  await night.page.getByText("Live").waitFor();
  await night.page
    .getByPlaceholder("Search")
    .scrollIntoViewIfNeeded()
    .catch(() => undefined);
  await night.page.screenshot({ path: path.join(DOCS, "handheld-night.png") });
  const spanish = await device(browser, server, { name: "lucía", role: "crew", locale: "es-ES" });
  await spanish.page.goto("/f/demo");
  await spanish.page.getByText("En vivo").waitFor();
  await spanish.page.screenshot({ path: path.join(DOCS, "handheld-es.png") });
  await hand.page.getByRole("button", { name: "Scan mode" }).click();
  await hand.page.getByLabel("I am at").selectOption("300");
  for (const code of ["690330", "690331", "NEW-12"]) await hand.page.keyboard.type(`${code}\n`);
  await hand.page.waitForTimeout(300);
  await hand.page.screenshot({ path: path.join(DOCS, "handheld-scan.png") });

  // Trailers at the dock doors: one waiting, some unloading, one done, one door expecting the next.
  const dock = async (door: string, trailer: string, origin: string, initialPercent: number) => {
    const visitId = crypto.randomUUID();
    await postMutation(
      server.keys,
      { type: "door.dock", door, visitId, trailer, origin, initialPercent },
      "dana",
      "crew",
    );
    return visitId;
  };
  const step = (m: MutationDraft) => postMutation(server.keys, m, "dana", "crew");
  await dock("9", "53210", "ATL", 90);
  const v10 = await dock("10", "88121", "MEM", 100);
  await step({ type: "visit.progress", visitId: v10, remainingPercent: 40 });
  const v12 = await dock("12", "A-4417", "LOU", 75);
  await step({ type: "visit.progress", visitId: v12, delta: -25 });
  await step({ type: "visit.note", visitId: v12, note: "Load shifted to the nose; use the long bar" });
  const v13 = await dock("13", "60032", "", 50);
  await step({ type: "visit.finish", visitId: v13 });
  await step({ type: "door.set", door: "15", state: "pending" });

  const wall = await device(browser, server, { viewport: { width: 1920, height: 1080 } });
  await wall.page.goto("/f/demo/wall");
  await wall.page.getByText("Live").waitFor();
  await mutate("690340", { arrived: true, location: "200" });
  await wall.page.waitForTimeout(400);
  await wall.page.screenshot({ path: path.join(DOCS, "wall.png") });

  const doors = await device(browser, server, { name: "dana", role: "crew" });
  await doors.page.goto("/f/demo/doors");
  await doors.page.getByText("Live").waitFor();
  await doors.page.screenshot({ path: path.join(DOCS, "doors.png") });
  await doors.page.getByRole("button", { name: "More for trailer A-4417 at door 12" }).click();
  await doors.page.getByRole("list", { name: "What happened to trailer A-4417" }).waitFor();
  await doors.page.getByRole("listitem", { name: "Door 12", exact: true }).scrollIntoViewIfNeeded();
  await doors.page
    .getByRole("listitem", { name: "Door 12", exact: true })
    .screenshot({ path: path.join(DOCS, "visit-drawer.png") });

  // Alerts: tonight's cut-off passes with cars still out (the shift is started with it a moment ahead).
  const open = await postMutation(server.keys, {
    type: "shift.start",
    cutoff: new Date(Date.now() + 1500).toISOString(),
  });
  if (open.status !== 200) throw new Error(`shift.start: ${open.status} ${await open.text()}`);
  await wall.page.getByRole("status", { name: "Alerts" }).waitFor({ timeout: 15_000 });
  await wall.page.waitForTimeout(400);
  await wall.page.screenshot({ path: path.join(DOCS, "wall-alerts.png") });
  const sup = await device(browser, server, { name: "sam" });
  await sup.page.goto("/f/demo");
  await sup.page.getByText("Live").waitFor();
  await sup.page.getByRole("button", { name: /^Alerts: / }).click();
  await sup.page.screenshot({ path: path.join(DOCS, "handheld-alerts.png") });

  // The supervisor's pages, over the demo's past nights.
  const boss = await device(browser, server, { name: "sam", viewport: { width: 1024, height: 768 } });
  await boss.page.goto("/f/demo/shifts");
  await boss.page.getByRole("link").filter({ hasText: /\d/ }).first().waitFor();
  await boss.page.screenshot({ path: path.join(DOCS, "shift-history.png") });
  await boss.page.getByRole("table").getByRole("link").first().click();
  await boss.page.getByText("Handoff:").waitFor();
  await boss.page.screenshot({ path: path.join(DOCS, "shift-detail.png") });
  await boss.page.goto("/f/demo/audit");
  await boss.page.getByRole("table", { name: "Changes" }).locator("tbody tr").first().waitFor();
  await boss.page.screenshot({ path: path.join(DOCS, "audit.png") });
  const phone = await device(browser, server, { name: "sam" });
  await phone.page.goto("/f/demo/audit");
  await phone.page.getByRole("table", { name: "Changes" }).locator("tbody tr").first().waitFor();
  await phone.page.screenshot({ path: path.join(DOCS, "audit-phone.png") });
  await boss.page.goto("/f/demo/analytics");
  await boss.page.getByTestId("shift-figures").waitFor();
  await boss.page.waitForTimeout(300);
  await boss.page.screenshot({ path: path.join(DOCS, "analytics.png"), fullPage: true });
  // The operator's console: every building's health, one building's last hour, usage and screens' errors.
  for (const [file, theme, lang] of [
    ["ops.png", "light", "en"],
    ["ops-night-es.png", "dark", "es"],
  ] as const) {
    const opsContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: server.url });
    await opsContext.addInitScript(
      `localStorage.setItem("ct-theme", "${theme}"); localStorage.setItem("ct-lang", "${lang}");`,
    );
    const signedIn = await opsContext.request.post("/api/session", {
      data: { operator: true, code: server.keys.adminCode, name: "olga" },
    });
    if (signedIn.status() !== 201) throw new Error(`operator sign-in: ${signedIn.status()}`);
    if (lang === "en") {
      await opsContext.request.post("/api/ops/facilities", { data: { id: "atlanta-south", name: "Atlanta South" } });
      await opsContext.request.post("/api/ops/facilities", { data: { id: "macon", name: "Macon" } });
      await opsContext.request.patch("/api/ops/facilities/macon", { data: { archived: true } });
    }
    const ops = await opsContext.newPage();
    await ops.goto("/ops");
    await ops.getByRole("row", { name: /Atlanta South/ }).waitFor();
    await ops.getByRole("button", { name: lang === "en" ? "Figures of Demo hub" : "Cifras de Demo hub" }).click();
    await ops.locator(".ops-panel canvas").waitFor();
    await ops.waitForTimeout(300);
    await ops.screenshot({ path: path.join(DOCS, file), fullPage: true });
    await opsContext.close();
  }
  // Last: a new wall code signs the wall above out.
  const codes = await device(browser, server, { name: "sam" });
  await codes.page.goto("/f/demo");
  await codes.page.getByText("Live").waitFor();
  await codes.page.getByRole("button", { name: "Supervisor tools" }).click();
  await codes.page.getByRole("button", { name: "Access codes" }).click();
  await codes.page.getByRole("button", { name: "Replace wall screen code" }).click();
  await codes.page.getByRole("button", { name: "Yes, replace the wall screen code" }).click();
  await codes.page.getByRole("button", { name: "Show the wall code as a QR code" }).click();
  const qr = codes.page.getByRole("status", { name: "New wall screen code" });
  await qr.scrollIntoViewIfNeeded();
  await qr.screenshot({ path: path.join(DOCS, "access-codes.png") });
  console.log(
    "written docs/: wall-start, handheld, handheld-night, handheld-es, handheld-scan, wall, doors, visit-drawer, wall-alerts, " +
      "handheld-alerts, shift-history, " +
      "shift-detail, audit, audit-phone, analytics, ops, ops-night-es, access-codes",
  );
} finally {
  await browser.close();
  await server.stop();
}
