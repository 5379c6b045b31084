// npm run bench (second part): what the handheld downloads, and whether the wall keeps up with 500 and 2,000
// cars at 20 changes a second, beside two floors measured in the same run: the same wall with nothing
// changing (the machine's own frame gaps) and a plain socket on the same hub (when a change reaches a client at
// all). Loopback only; bounded in count and time.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startDevServer } from "../scripts/dev-server";
import { signInToken } from "../scripts/hub-http";
import { NodeClient } from "../scripts/node-client";
import { device, launchBrowser } from "../tests/e2e/browser";
import { summarize, type Summary } from "./stats";

const ROOT = path.resolve(import.meta.dirname, "..");
// BENCH_WALL_CARS=500 runs one size only.
const SIZES = (process.env.BENCH_WALL_CARS ?? "500,2000").split(",").map(Number);
const RATE = 20;
const UPDATES = 300;
const LOCATIONS = ["Yard", "100", "200", "300", "400", "500", "600", "Shop"];

function bundle() {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  const dist = path.join(ROOT, "web/dist");
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  // What the page loads before its first car; a rel="prefetch" chunk is fetched when idle and run only when opened.
  const tags = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)].map((m) => m[0]);
  const assetOf = (tag: string) => /(?:src|href)="\/(assets\/[^"]+)"/.exec(tag)?.[1];
  // A set: the storage entry is both a script and a modulepreload, and is downloaded once.
  const assets = [...new Set(tags.filter((t) => !t.includes('rel="prefetch"')).flatMap((t) => assetOf(t) ?? []))];
  const prefetched = tags.filter((t) => t.includes('rel="prefetch"')).flatMap((t) => assetOf(t) ?? []);
  const size = (ext: string) =>
    assets
      .filter((a) => a.endsWith(ext))
      .reduce((n, a) => n + gzipSync(readFileSync(path.join(dist, a)), { level: 9 }).length, 0);
  const prefetchGzipBytes = prefetched.reduce(
    (n, a) => n + gzipSync(readFileSync(path.join(dist, a)), { level: 9 }).length,
    0,
  );
  return { jsGzipBytes: size(".js"), cssGzipBytes: size(".css"), prefetchGzipBytes, assets, prefetched };
}

type Api = (p: string, init: RequestInit) => Promise<Response>;

const carsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `W${String(i).padStart(4, "0")}`,
    location: LOCATIONS[i % LOCATIONS.length],
    arrived: i % 3 === 0,
  }));

async function building(api: Api, fid: string, n: number) {
  await api(`/api/facilities/${fid}`, { method: "PUT", body: JSON.stringify({ name: `Wall ${n}` }) });
  await api(`/api/facilities/${fid}/mutations`, {
    method: "POST",
    body: JSON.stringify({ type: "fleet.import", mutationId: crypto.randomUUID(), cars: carsOf(n) }),
  });
}

const frameGaps = (frames: number[]) => ({
  frames: frames.length,
  frameMs: summarize(frames),
  over50ms: frames.filter((f) => f > 50).length,
});

async function walls() {
  const server = await startDevServer({ config: "wrangler.jsonc", port: 8841 });
  const browser = await launchBrowser();
  // One session per facility, signed in once: the writer's timings are the hub's, not a sign-in's.
  const sessions = new Map<string, Promise<string>>();
  const operator = (fid: string) => {
    if (!sessions.has(fid)) sessions.set(fid, signInToken(server.url, fid, server.keys.adminCode, "bench"));
    return sessions.get(fid)!;
  };
  // Creating a facility takes the operator's code itself; everything after, the operator's session there.
  const api: Api = async (p, init) => {
    const fid = /^\/api\/facilities\/([^/]+)/.exec(p)![1]!;
    const auth = init.method === "PUT" ? server.keys.adminCode : await operator(fid);
    return fetch(`${server.url}${p}`, {
      ...init,
      headers: { "content-type": "application/json", authorization: `Bearer ${auth}` },
    });
  };
  try {
    await building(api, "fit120", 120);
    const small = (await device(browser, server, { facility: "fit120", viewport: { width: 1920, height: 1080 } })).page;
    await small.goto("/f/fit120/wall");
    await small.locator(".tile").nth(119).waitFor();
    await small.screenshot({ path: path.join(ROOT, ".tmp", "wall-120.png") });
    const fits120 = (await small.evaluate("document.documentElement.scrollHeight <= window.innerHeight")) as boolean;
    await small.context().close();
    const runs = [];
    for (const n of SIZES) runs.push(await wallAt(n, api, operator, browser, server));
    return { fits120, runs };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function wallAt(
  n: number,
  api: Api,
  operator: (fid: string) => Promise<string>,
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  server: Awaited<ReturnType<typeof startDevServer>>,
) {
  const fid = `wall${n}`;
  await building(api, fid, n);
  const ids = carsOf(n).map((c) => c.id);
  const { page, context } = await device(browser, server, { facility: fid, viewport: { width: 1920, height: 1080 } });
  await page.goto(`/f/${fid}/wall`);
  // A fleet too big for the smallest tile shows "+N more" per location instead of scrolling: count what is shown.
  await page.locator(".tile").first().waitFor();
  await page.waitForFunction(`document.querySelectorAll(".tile").length >= ${Math.min(n, 500)}`);
  const tilesShown = await page.locator(".tile").count();
  await page.screenshot({ path: path.join(ROOT, ".tmp", `wall-${n}.png`) });
  const fitsWithoutScroll = (await page.evaluate(
    "document.documentElement.scrollHeight <= window.innerHeight",
  )) as boolean;
  // Plain source text (the bundler would wrap a function in helpers the page lacks), over DevTools: the app's CSP (rightly) blocks injected inline scripts.
  await page.evaluate(`
      window.seen = {};
      window.gaps = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target;
          if (el.classList && el.classList.contains("is-late") && el.dataset.car && !window.seen[el.dataset.car]) window.seen[el.dataset.car] = Date.now();
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
      let last = performance.now();
      requestAnimationFrame(function frame(t) { window.gaps.push(t - last); last = t; requestAnimationFrame(frame); });
    `);
  const takeGaps = async () => ((await page.evaluate("window.gaps.splice(0)")) as number[]).slice(1);

  // Floor 1: the same wall for as long as the changes will take, with nothing changing.
  await page.waitForTimeout((UPDATES / RATE) * 1000 + 2000);
  const idle = frameGaps(await takeGaps());

  // Floor 2: a socket on the same hub, as the wall's own is; the screen cannot be sooner than this.
  const socket = new NodeClient(`127.0.0.1:${server.port}`, fid, await operator(fid));
  await new Promise<void>((resolve) => (socket.onCaughtUp = resolve));
  const atSocket: Record<string, number> = {};
  socket.onDiff = (d) => d.cars.forEach((c) => c.late && (atSocket[c.id] ??= Date.now()));

  const sentAt: Record<string, number> = {};
  for (let i = 0; i < UPDATES; i++) {
    const id = ids[i]!;
    sentAt[id] = Date.now();
    void api(`/api/facilities/${fid}/mutations`, {
      method: "POST",
      body: JSON.stringify({ type: "car.update", mutationId: crypto.randomUUID(), carId: id, patch: { late: true } }),
    });
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  await page.waitForTimeout(2000);
  const changing = frameGaps(await takeGaps());
  const seen = (await page.evaluate("window.seen")) as Record<string, number>;
  socket.close();
  await context.close();
  const after = (at: Record<string, number>) =>
    summarize(Object.keys(sentAt).flatMap((id) => (at[id] ? [at[id]! - sentAt[id]!] : [])));
  return {
    cars: n,
    tilesShown,
    fitsWithoutScroll,
    updatesPerSecond: RATE,
    updates: UPDATES,
    sendToScreenMs: after(seen),
    sendToSocketMs: after(atSocket),
    changing,
    idle,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");
const line = (s: Summary) => `p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} max ${s.max} ms`;

const results = { date: new Date().toISOString(), bundle: bundle(), wall: await walls() };
console.log(
  `Handheld JavaScript: ${(results.bundle.jsGzipBytes / 1024).toFixed(1)} KiB gzipped (target 100 KiB); CSS ${(results.bundle.cssGzipBytes / 1024).toFixed(1)} KiB; prefetched when idle, run when opened: ${(results.bundle.prefetchGzipBytes / 1024).toFixed(1)} KiB`,
);
console.log(`Wall at 1920x1080: 120 cars fit without scrolling: ${results.wall.fits120}`);
for (const w of results.wall.runs) {
  console.log(
    `Wall, ${w.cars} cars (${w.tilesShown} tiles shown, the rest as "+N more"; no scrolling: ${w.fitsWithoutScroll}), ${w.updatesPerSecond} changes/s: ${w.sendToScreenMs.n}/${w.updates} shown`,
  );
  console.log(`  send -> screen ${line(w.sendToScreenMs)}`);
  console.log(`  floor, send -> a socket on the same hub: ${line(w.sendToSocketMs)}`);
  console.log(
    `  screen / floor: p50 ${ratio(w.sendToScreenMs.p50, w.sendToSocketMs.p50)}, p99 ${ratio(w.sendToScreenMs.p99, w.sendToSocketMs.p99)}`,
  );
  console.log(
    `  frames over 50 ms: ${w.changing.over50ms} of ${w.changing.frames} while changing (max ${w.changing.frameMs.max} ms); floor, the same wall with nothing changing: ${w.idle.over50ms} of ${w.idle.frames} (max ${w.idle.frameMs.max} ms)`,
  );
}
mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
const file = path.join(import.meta.dirname, "results", `web-${results.date.slice(0, 19).replace(/[:T]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`written ${path.relative(process.cwd(), file)}`);
