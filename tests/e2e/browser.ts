import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { DevServer } from "../../scripts/dev-server";
import { chromeForRun } from "./chrome-path";
import type { Role } from "../../shared";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The resolved browser (see chrome-path.ts); never a silent skip. */
export async function launchBrowser(): Promise<Browser> {
  const choice = await chromeForRun();
  return chromium.launch({
    executablePath: choice.path,
    args: FLAGS,
    headless: true,
    env: { ...process.env, ...choice.env },
  });
}

/**
 * One context per simulated device (pages sharing a context get throttled in the
 * background), signed in to demo through the sign-in endpoint, so it holds the
 * same HttpOnly cookie a person's browser would. `role: null` leaves it signed out.
 */
export async function device(
  browser: Browser,
  server: DevServer,
  opts: {
    name?: string;
    role?: Role | null;
    viewport?: { width: number; height: number };
    /** Another facility, opened with the operator's code (supervisor). */
    facility?: string;
    /** The browser's language, as a Spanish-speaking crew member's phone would have it ("es-ES"). */
    locale?: string;
    /** "block": no offline shell, so every open is the page as the hub serves it. */
    serviceWorkers?: "block";
  } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 360, height: 640 },
    baseURL: server.url,
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.serviceWorkers ? { serviceWorkers: opts.serviceWorkers } : {}),
  });
  const role = opts.role === undefined ? "supervisor" : opts.role;
  if (role) {
    const facility = opts.facility ?? "demo";
    const code = opts.facility ? server.keys.adminCode : (await server.keys.codes())[role];
    const res = await context.request.post("/api/session", {
      data: { facility, code, name: opts.name ?? "wall" },
    });
    if (res.status() !== 201) throw new Error(`sign-in as ${role}: ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  return { context, page };
}

/** Two handhelds (ana, bob) and a wall on facility demo, each its own device, all live. */
export async function twoHandheldsAndAWall(
  browser: Browser,
  server: DevServer,
  beforeOpen: (page: Page) => void = () => undefined,
): Promise<{ ana: Page; bob: Page; wall: Page }> {
  const ana = (await device(browser, server, { name: "ana" })).page;
  const bob = (await device(browser, server, { name: "bob" })).page;
  const wall = (await device(browser, server, { role: "display", viewport: { width: 1920, height: 1080 } })).page;
  for (const p of [ana, bob, wall]) beforeOpen(p);
  await Promise.all([ana.goto("/f/demo"), bob.goto("/f/demo"), wall.goto("/f/demo/wall")]);
  for (const p of [ana, bob, wall]) await p.getByText("Live").waitFor();
  return { ana, bob, wall };
}

/** Opens the handheld's tools (everything that is not the board) the way a person does, if not open yet. */
export async function openTools(page: Page): Promise<void> {
  const toggle = page.getByRole("button", { name: /^(Supervisor tools|Add car, export)$/ });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

/** Opens a car's row (location, note, remove, history) the way a person does, if not open yet. */
export async function openCar(page: Page, id: string): Promise<void> {
  const toggle = page.getByRole("button", { name: new RegExp(`^More for ${id}:`) });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's serious and critical findings, run over DevTools (the page's CSP rightly blocks an injected <script>). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.nodes.length}: ${v.nodes[0]?.target.join(" ") ?? ""})`);
  });
}

/** Buttons whose words are cut off or wrap onto a second line: each is a target a gloved thumb may miss. */
export function clippedButtons(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("button")].flatMap((b) => {
      if (b.getBoundingClientRect().width === 0) return [];
      // The words a person sees: text hidden for screen readers only (.sr-only) is not on screen.
      const tops = new Set<number>();
      const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement?.closest(".sr-only")) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
      }
      const lines = tops.size;
      const clipped = b.scrollWidth > b.clientWidth + 1;
      return clipped || lines > 1 ? [`${b.getAttribute("aria-label") ?? b.textContent}: ${lines} lines`] : [];
    }),
  );
}
