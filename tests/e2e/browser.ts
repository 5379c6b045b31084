import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { DevServer } from "../../scripts/dev-server";
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

/** CHROME_PATH, then Debian's /usr/bin/chromium; never a silent skip. */
export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, "/usr/bin/chromium"].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(", ")}). Install Debian's: ` +
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium, or set CHROME_PATH.",
    );
  }
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: FLAGS, headless: true });
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
  } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 360, height: 640 },
    baseURL: server.url,
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
