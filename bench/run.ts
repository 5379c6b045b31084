// npm run bench: the hub against a bare broadcasting floor, in one `wrangler dev`, on loopback only.
// Every loop below is bounded in count and time; the run stops by itself.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { DEMO_CAR_IDS, PROTOCOL_VERSION } from "../shared";
import { startDevServer } from "../scripts/dev-server";
import { dockEveryDoor } from "./building";
import { longPollStaleness, pollingStaleness, type PolledHub } from "./polling";
import { summarize, type Summary } from "./stats";

const PORT = 8799;
const SIZES = [1, 50, 200];
const RATE = 20;
const RUN_MS = 15_000;
const GRACE_MS = 2_500;
const RAMP_RATES = [50, 100, 200, 400, 800, 1200, 1600, 2400];
const RAMP_STEP_MS = 3_000;

type Target = "hub" | "floor" | "storeFloor";
let room = 0;
/** One supervisor session for every bench socket and poll; the per-session limiter is lifted for the bench (see main). */
let token = "";
const auth = () => ({ authorization: `Bearer ${token}` });

function urlFor(base: string, target: Target, name: string): string {
  const ws = base.replace("http", "ws");
  if (target === "hub") return `${ws}/parties/facility/demo?protocol=${PROTOCOL_VERSION}&token=${token}&n=${name}`;
  return `${ws}/parties/${target === "floor" ? "echo-floor" : "echo-store-floor"}/room-${room}`;
}

/** The id a receiver matches on: the diff's mutation for the hub, the echoed mutation for the floor. */
function idOf(text: string): string | null {
  const msg = JSON.parse(text) as { type: string; mutationId?: string; mutation?: { mutationId: string } };
  if (msg.type === "diff") return msg.mutationId ?? null;
  if (msg.type === "mutate") return msg.mutation?.mutationId ?? null;
  return null;
}

/** Open, and for the hub also its snapshot in hand: a 2,000-car snapshot takes a while to reach 500 sockets. */
async function open(url: string, snapshot: boolean): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // Receivers offer permessage-deflate as browsers do, unless BENCH_DEFLATE=0.
    const ws = new WebSocket(url, { perMessageDeflate: process.env.BENCH_DEFLATE !== "0" });
    const timer = setTimeout(() => reject(new Error(`connect timeout ${url}`)), 30_000);
    const done = () => (clearTimeout(timer), resolve(ws));
    if (snapshot) {
      const first = (data: unknown) => {
        if (!String(data).startsWith('{"type":"snapshot"')) return;
        ws.off("message", first);
        done();
      };
      ws.on("message", first);
    } else {
      ws.once("open", done);
    }
    ws.once("error", (e) => (clearTimeout(timer), reject(e)));
  });
}

async function openMany(url: string, n: number, snapshot: boolean): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i += 25)
    out.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => open(url, snapshot)))));
  return out;
}

interface Load {
  latency: Summary;
  sent: number;
  delivered: number;
  bytesPerMessage: number;
}

/** One writer at `rate` per second for `ms`; latency is send -> receipt at the last of the receivers. */
async function load(base: string, target: Target, receivers: WebSocket[], rate: number, ms: number): Promise<Load> {
  const sentAt = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  let bytes = 0;
  let counted = 0;
  const onMessage = (data: WebSocket.RawData) => {
    const text = data.toString();
    const id = idOf(text);
    if (!id || !sentAt.has(id)) return;
    const list = arrivals.get(id) ?? [];
    list.push(performance.now());
    arrivals.set(id, list);
    bytes += Buffer.byteLength(text);
    counted++;
  };
  for (const r of receivers) r.on("message", onMessage);
  const writer = await open(urlFor(base, target, "writer"), target === "hub");
  let i = 0;
  let credit = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= ms) return (clearInterval(tick), resolve());
      credit = (elapsed / 1000) * rate - i;
      for (; credit >= 1; credit--, i++) {
        const mutationId = randomUUID();
        const carId = DEMO_CAR_IDS[i % DEMO_CAR_IDS.length]!;
        const frame = JSON.stringify({
          type: "mutate",
          mutation: { type: "car.update", mutationId, carId, patch: { notes: `bench ${room}.${i}` } },
        });
        sentAt.set(mutationId, performance.now());
        writer.send(frame);
      }
    }, 5);
  });
  const deadline = performance.now() + GRACE_MS;
  while (
    performance.now() < deadline &&
    [...arrivals.values()].filter((a) => a.length >= receivers.length).length < sentAt.size
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const r of receivers) r.off("message", onMessage);
  writer.close();
  const lat: number[] = [];
  for (const [id, t0] of sentAt) {
    const got = arrivals.get(id);
    if (got && got.length >= receivers.length) lat.push(Math.max(...got) - t0);
  }
  return {
    latency: summarize(lat),
    sent: sentAt.size,
    delivered: lat.length,
    bytesPerMessage: Math.round(bytes / (counted || 1)),
  };
}

async function withReceivers<T>(
  base: string,
  target: Target,
  n: number,
  fn: (rs: WebSocket[]) => Promise<T>,
): Promise<T> {
  room++;
  const rs = await openMany(urlFor(base, target, "reader"), n, target === "hub");
  // Measured in the steady state: the joins' presence goes out once a second (coalesced), so wait that out.
  await new Promise((r) => setTimeout(r, target === "hub" ? 1500 : 500));
  try {
    return await fn(rs);
  } finally {
    for (const r of rs) r.terminate();
  }
}

/** Raises the rate until the writer's messages stop arriving whole and in time; returns the last rate that held. */
async function sustained(base: string, target: Target, n: number, baselineP50: number) {
  const steps: { rate: number; achieved: number; p50: number; p95: number; held: boolean }[] = [];
  let best = 0;
  for (const rate of RAMP_RATES) {
    const r = await withReceivers(base, target, n, (rs) => load(base, target, rs, rate, RAMP_STEP_MS));
    const held = r.delivered === r.sent && r.latency.p95 <= Math.max(50, 5 * baselineP50);
    steps.push({
      rate,
      achieved: Math.round(r.delivered / (RAMP_STEP_MS / 1000)),
      p50: r.latency.p50,
      p95: r.latency.p95,
      held,
    });
    if (!held) break;
    best = rate;
  }
  return { best, steps };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** While investigating: BENCH_DEFLATE=0 (receivers without permessage-deflate), BENCH_DOORS=0 (no trailers docked), BENCH_CARS=2000 and BENCH_DOOR_COUNT=60 (the biggest building), BENCH_SIZES=1,50, BENCH_PARTS=latency,sustained,polling, BENCH_TARGETS=floor,storeFloor,hub, BENCH_FLUSH_MS=250. */
const env = (name: string, fallback: string) => (process.env[name] ?? fallback).split(",").filter(Boolean);
const sizes = env("BENCH_SIZES", SIZES.join(",")).map(Number);
const parts = new Set(env("BENCH_PARTS", "latency,sustained,polling"));
const LATENCY_TARGETS = env("BENCH_TARGETS", "floor,storeFloor,hub") as Target[];

type Sustained = Awaited<ReturnType<typeof sustained>>;

async function main() {
  // The bench measures the hub's ceiling, so the per-session rate limit (30/s) is lifted; everything else is as deployed.
  const vars: Record<string, string> = { RATE_LIMIT_BURST: "1000000", RATE_LIMIT_PER_SEC: "1000000" };
  if (process.env.BENCH_FLUSH_MS) vars.AUDIT_FLUSH_DELAY_MS = process.env.BENCH_FLUSH_MS;
  if (process.env.BENCH_ALERT_MS) vars.ALERT_CHECK_DELAY_MS = process.env.BENCH_ALERT_MS;
  const server = await startDevServer({ config: "bench/wrangler.bench.jsonc", port: PORT, vars });
  token = await server.keys.token("supervisor", "bench");
  // The door board in the snapshot as on a working night: every door with a trailer, part unloaded, noted.
  const docked = process.env.BENCH_DOORS === "0" ? 0 : await dockEveryDoor(server.url, auth());
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    rate: RATE,
    runMs: RUN_MS,
    trailersDocked: docked,
    deflate: process.env.BENCH_DEFLATE !== "0",
  };
  const latency: Record<number, Partial<Record<Target, Load>>> = {};
  const rates: Record<number, Partial<Record<Target, Sustained>>> = {};
  try {
    for (const n of parts.has("latency") ? sizes : []) {
      latency[n] = {};
      for (const target of LATENCY_TARGETS) {
        // A short warm-up so the first run is not paying for isolate start-up.
        await withReceivers(server.url, target, Math.min(n, 5), (rs) => load(server.url, target, rs, RATE, 1000));
        const l = await withReceivers(server.url, target, n, (rs) => load(server.url, target, rs, RATE, RUN_MS));
        latency[n]![target] = l;
        const { p50, p95, p99, max } = l.latency;
        console.log(
          `${target.padEnd(10)} N=${String(n).padEnd(3)} p50 ${p50} p95 ${p95} p99 ${p99} max ${max} ms  (${l.delivered}/${l.sent}, ${l.bytesPerMessage} B/msg)`,
        );
      }
    }
    for (const n of parts.has("sustained") ? sizes.filter((x) => x <= 50) : []) {
      rates[n] = {};
      for (const target of LATENCY_TARGETS) {
        const r = await sustained(server.url, target, n, latency[n]?.[target]?.latency.p50 ?? 10);
        rates[n]![target] = r;
        console.log(`${target.padEnd(10)} N=${String(n).padEnd(3)} sustains ${r.best}/s  ${JSON.stringify(r.steps)}`);
      }
    }
    const polled: PolledHub = {
      base: server.url,
      headers: auth(),
      rate: RATE,
      writer: () => open(urlFor(server.url, "hub", "writer"), true),
    };
    if (parts.has("polling")) results.pollingStaleness = await pollingStaleness(polled);
    if (parts.has("polling")) results.longPollStaleness = await longPollStaleness(polled);
    results.latency = latency;
    results.sustained = rates;
    report(results, latency, rates);
  } finally {
    await server.stop();
  }
}

function report(
  results: Record<string, unknown>,
  latency: Record<number, Partial<Record<Target, Load>>>,
  rates: Record<number, Partial<Record<Target, Sustained>>>,
) {
  // BENCH_TARGETS may leave a target out while investigating: its columns then read NaN.
  const none = summarize([]);
  const rows = Object.entries(latency).map(([n, byTarget]) => {
    const h = byTarget.hub?.latency ?? none;
    const f = byTarget.floor?.latency ?? none;
    const sf = byTarget.storeFloor?.latency ?? none;
    return {
      N: Number(n),
      "hub p50": h.p50,
      "hub p95": h.p95,
      "hub p99": h.p99,
      "hub max": h.max,
      "floor p50": f.p50,
      "floor p99": f.p99,
      "p50 ratio": ratio(h.p50, f.p50),
      "p99 ratio": ratio(h.p99, f.p99),
      "floor+write p50": sf.p50,
      "floor+write p99": sf.p99,
    };
  });
  results.table = rows;
  if (rows.length) {
    console.log("\nLatency, writer send -> the last of N clients (ms), one writer at 20/s:");
    console.table(rows);
    const one = latency[Number(Object.keys(latency)[0])]!;
    console.log(
      `Bytes per diff message: hub ${one.hub?.bytesPerMessage ?? "-"} B (floor echo ${one.floor?.bytesPerMessage ?? "-"} B); receivers ${results.deflate ? "with" : "without"} permessage-deflate`,
    );
  }
  const rateRows = Object.entries(rates).map(([n, r]) => ({
    N: Number(n),
    "hub /s": r.hub!.best,
    "floor /s": r.floor!.best,
    ratio: ratio(r.hub!.best, r.floor!.best),
    "floor+write /s": r.storeFloor!.best,
  }));
  results.rateTable = rateRows;
  if (rateRows.length) {
    console.log("Highest write rate that held (every message delivered, p95 within 5x the 20/s p50 or 50 ms):");
    console.table(rateRows);
  }
  if (results.pollingStaleness) console.log("Staleness through 5 s polling (ms):", results.pollingStaleness);
  if (results.longPollStaleness) {
    const lp = results.longPollStaleness as { p50: number; p99: number };
    const ws = Object.values(latency)[0]?.hub?.latency;
    console.log("Staleness through long polls (ms):", lp);
    if (ws) {
      console.log(
        `long poll ÷ WebSocket (N=${Object.keys(latency)[0]}, hub): p50 ${ratio(lp.p50, ws.p50)}, p99 ${ratio(lp.p99, ws.p99)}`,
      );
    }
  }
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `hub-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

await main();
