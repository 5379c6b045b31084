// npm run bench (second part): what the handheld downloads, and whether the wall keeps up
// with 500 cars and 20 changes a second. Loopback only; bounded in count and time.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startDevServer } from "../scripts/dev-server";
import { signInToken } from "../scripts/hub-http";
import { device, launchBrowser } from "../tests/e2e/browser";
import { summarize } from "./stats";

const ROOT = path.resolve(import.meta.dirname, "..");
// BENCH_WALL_CARS=2000: the biggest building on the wall (issue 16).
const CARS = Number(process.env.BENCH_WALL_CARS ?? 500);
const RATE = 20;
const UPDATES = 300;

function bundle() {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  const dist = path.join(ROOT, "web/dist");
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  // What the page loads before its first car; a rel="prefetch" chunk is fetched when idle and run only when opened.
  const tags = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)].map((m) => m[0]);
  const assetOf = (tag: string) => /(?:src|href)="\/(assets\/[^"]+)"/.exec(tag)?.[1];
  const assets = tags.filter((t) => !t.includes('rel="prefetch"')).flatMap((t) => assetOf(t) ?? []);
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

/** Whether a wall of `n` cars (the first n of a fresh facility) fits 1920x1080 with no scrolling. */
let fitsAt: (n: number) => Promise<boolean>;

async function wall() {
  const server = await startDevServer({ config: "wrangler.jsonc", port: 8841 });
  const browser = await launchBrowser();
  try {
    // Creating a facility takes the operator's code itself; everything after, the operator's session there.
    const api = async (p: string, init: RequestInit) => {
      const fid = /^\/api\/facilities\/([^/]+)/.exec(p)![1]!;
      const auth = init.method === "PUT" ? server.keys.adminCode : await operator(fid);
      return fetch(`${server.url}${p}`, {
        ...init,
        headers: { "content-type": "application/json", authorization: `Bearer ${auth}` },
      });
    };
    // One session per facility, signed in once: the writer's timings are the hub's, not a sign-in's.
    const sessions = new Map<string, Promise<string>>();
    const operator = (fid: string) => {
      if (!sessions.has(fid)) sessions.set(fid, signInToken(server.url, fid, server.keys.adminCode, "bench"));
      return sessions.get(fid)!;
    };
    await api("/api/facilities/wall500", { method: "PUT", body: JSON.stringify({ name: "Wall bench" }) });
    const locations = ["Yard", "100", "200", "300", "400", "500", "600", "Shop"];
    const ids = Array.from({ length: CARS }, (_, i) => `W${String(i).padStart(4, "0")}`);
    const cars = ids.map((id, i) => ({ id, location: locations[i % locations.length], arrived: i % 3 === 0 }));
    await api("/api/facilities/wall500/mutations", {
      method: "POST",
      body: JSON.stringify({ type: "fleet.import", mutationId: crypto.randomUUID(), cars }),
    });

    fitsAt = async (n) => {
      await api(`/api/facilities/fit${n}`, { method: "PUT", body: JSON.stringify({ name: `Fit ${n}` }) });
      await api(`/api/facilities/fit${n}/mutations`, {
        method: "POST",
        body: JSON.stringify({ type: "fleet.import", mutationId: crypto.randomUUID(), cars: cars.slice(0, n) }),
      });
      const p = (await device(browser, server, { facility: `fit${n}`, viewport: { width: 1920, height: 1080 } })).page;
      await p.goto(`/f/fit${n}/wall`);
      await p
        .locator(".tile")
        .nth(n - 1)
        .waitFor();
      await p.screenshot({ path: path.join(ROOT, ".tmp", `wall-${n}.png`) });
      const fits = (await p.evaluate("document.documentElement.scrollHeight <= window.innerHeight")) as boolean;
      await p.context().close();
      return fits;
    };
    const { page } = await device(browser, server, { facility: "wall500", viewport: { width: 1920, height: 1080 } });
    await page.goto("/f/wall500/wall");
    // A fleet too big for the smallest tile shows "+N more" per location instead of scrolling: count what is shown.
    await page.locator(".tile").first().waitFor();
    await page.waitForFunction(`document.querySelectorAll(".tile").length >= ${Math.min(CARS, 500)}`);
    const tilesShown = await page.locator(".tile").count();
    // Plain source text (the bundler would wrap a function in helpers the page lacks), over DevTools: the app's CSP (rightly) blocks injected inline scripts.
    await page.evaluate(`
        window.seen = {};
        window.frames = [];
        new MutationObserver((records) => {
          for (const r of records) {
            const el = r.target;
            if (el.classList && el.classList.contains("is-late") && el.dataset.car && !window.seen[el.dataset.car]) window.seen[el.dataset.car] = Date.now();
          }
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
        let last = performance.now();
        requestAnimationFrame(function frame(t) { window.frames.push(t - last); last = t; requestAnimationFrame(frame); });
      `);
    const fits120 = await fitsAt(120);
    await page.screenshot({ path: path.join(ROOT, ".tmp", `wall-${CARS}.png`) });
    const fitsWithoutScroll = (await page.evaluate(
      "document.documentElement.scrollHeight <= window.innerHeight",
    )) as boolean;

    const sentAt: Record<string, number> = {};
    for (let i = 0; i < UPDATES; i++) {
      const id = ids[i]!;
      sentAt[id] = Date.now();
      void api("/api/facilities/wall500/mutations", {
        method: "POST",
        body: JSON.stringify({ type: "car.update", mutationId: crypto.randomUUID(), carId: id, patch: { late: true } }),
      });
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    await page.waitForTimeout(2000);
    const { seen, frames } = (await page.evaluate("({ seen: window.seen, frames: window.frames })")) as {
      seen: Record<string, number>;
      frames: number[];
    };
    const latency = Object.entries(sentAt)
      .filter(([id]) => seen[id])
      .map(([id, t]) => seen[id]! - t);
    return {
      cars: CARS,
      tilesShown,
      updatesPerSecond: RATE,
      updates: UPDATES,
      shown: latency.length,
      sendToScreenMs: summarize(latency),
      frameMs: summarize(frames.slice(5)),
      framesOver50ms: frames.filter((f) => f > 50).length,
      fitsWithoutScroll,
      fits120,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const results = { date: new Date().toISOString(), bundle: bundle(), wall: await wall() };
console.log(
  `Handheld JavaScript: ${(results.bundle.jsGzipBytes / 1024).toFixed(1)} KiB gzipped (target 100 KiB); CSS ${(results.bundle.cssGzipBytes / 1024).toFixed(1)} KiB; prefetched when idle, run when opened: ${(results.bundle.prefetchGzipBytes / 1024).toFixed(1)} KiB`,
);
const w = results.wall;
console.log(
  `Wall, ${w.cars} cars, ${w.updatesPerSecond} changes/s: ${w.shown}/${w.updates} shown; send -> screen p50 ${w.sendToScreenMs.p50} p95 ${w.sendToScreenMs.p95} p99 ${w.sendToScreenMs.p99} max ${w.sendToScreenMs.max} ms`,
);
console.log(
  `  frame time p50 ${w.frameMs.p50} p95 ${w.frameMs.p95} max ${w.frameMs.max} ms, ${w.framesOver50ms} frames over 50 ms; fits 1920x1080 without scrolling: ${w.cars} cars ${w.fitsWithoutScroll} (${w.tilesShown} tiles shown, the rest as "+N more"), 120 cars ${w.fits120}`,
);
mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
const file = path.join(import.meta.dirname, "results", `web-${results.date.slice(0, 19).replace(/[:T]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`written ${path.relative(process.cwd(), file)}`);
