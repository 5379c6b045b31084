// npm run bench: the hub against a bare broadcasting floor, in one `wrangler dev`, on loopback only.
// Every loop below is bounded in count and time; the run stops by itself.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startDevServer, type DevServer } from "../scripts/dev-server";
import { dockEveryDoor, type Building } from "./building";
import { load, medianOf, open, urlFor, withReceivers, type Load, type Sockets, type Target } from "./fanout";
import { longPollStaleness, pollingStaleness } from "./polling";
import { runtimeOf } from "./runtime-url";
import { summarize } from "./stats";

const PORT = 8799;
const RATE = 20;
const RAMP_RATES = [50, 100, 200, 400, 800, 1200, 1600, 2400];
const RAMP_STEP_MS = 3_000;
const DEMO: Building = { doors: 15, extraCars: 0 };
/** Issue 16's biggest building: 2,043 cars, a trailer at each of 60 doors. */
const BIGGEST: Building = { doors: 60, extraCars: 2000 };

/**
 * BENCH_PARTS: latency (N = BENCH_SIZES on the demo building), sustained, polling, scale (N = BENCH_SCALE_N on the
 * biggest building, a server of its own). While investigating: BENCH_DEFLATE=0 (receivers without
 * permessage-deflate), BENCH_VIA=proxy (through wrangler's dev proxy, see runtime-url.ts), BENCH_DOORS=0 (no
 * trailers docked), BENCH_ROUNDS, BENCH_RUN_MS, BENCH_TARGETS=floor,storeFloor,hub, BENCH_FLUSH_MS=250, BENCH_ALERT_MS=60000.
 */
const env = (name: string, fallback: string) => (process.env[name] ?? fallback).split(",").filter(Boolean);
const sizes = env("BENCH_SIZES", "1,50,200").map(Number);
const scaleSizes = env("BENCH_SCALE_N", "500").map(Number);
const parts = new Set(env("BENCH_PARTS", "latency,sustained,polling,scale"));
const TARGETS = env("BENCH_TARGETS", "floor,storeFloor,hub") as Target[];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 10_000);

type ByTarget = Partial<Record<Target, Load>>;
type Sustained = Awaited<ReturnType<typeof sustained>>;

/** Raises the rate until the writer's messages stop arriving whole and in time; returns the last rate that held. */
async function sustained(at: Sockets, target: Target, n: number, baselineP50: number) {
  const steps: { rate: number; achieved: number; p50: number; p95: number; held: boolean }[] = [];
  let best = 0;
  for (const rate of RAMP_RATES) {
    const r = await withReceivers(at, target, n, (rs) => load(at, target, rs, rate, RAMP_STEP_MS));
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

/** Each N: every target in turn, ROUNDS times over; each target's figures are the median of its rounds. */
async function latencies(at: Sockets, ns: number[], label: string): Promise<Record<number, ByTarget>> {
  const out: Record<number, ByTarget> = {};
  for (const n of ns) {
    const rounds = new Map<Target, Load[]>(TARGETS.map((t) => [t, []]));
    // A short warm-up so the first round is not paying for isolate start-up.
    for (const t of TARGETS) await withReceivers(at, t, Math.min(n, 5), (rs) => load(at, t, rs, RATE, 1000));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of TARGETS) {
        const l = await withReceivers(at, t, n, (rs) => load(at, t, rs, RATE, RUN_MS));
        rounds.get(t)!.push(l);
        const { p50, p95, p99, max } = l.latency;
        const head = `${label} ${t.padEnd(10)} N=${String(n).padEnd(4)} round ${round}`;
        const cpu = l.cpuMsPerMessage === null ? "" : `, runtime CPU ${l.cpuMsPerMessage} ms/message`;
        console.log(`${head}: p50 ${p50} p95 ${p95} p99 ${p99} max ${max} ms (${l.delivered}/${l.sent}${cpu})`);
      }
    }
    out[n] = Object.fromEntries(TARGETS.map((t) => [t, { ...medianOf(rounds.get(t)!), rounds: rounds.get(t) }]));
  }
  return out;
}

async function serve(building: Building): Promise<{ server: DevServer; at: Sockets; docked: number; via: string }> {
  // The bench measures the hub's ceiling, so the per-session rate limit (30/s) is lifted; the rest is as deployed.
  const vars: Record<string, string> = { RATE_LIMIT_BURST: "1000000", RATE_LIMIT_PER_SEC: "1000000" };
  if (process.env.BENCH_FLUSH_MS) vars.AUDIT_FLUSH_DELAY_MS = process.env.BENCH_FLUSH_MS;
  if (process.env.BENCH_ALERT_MS) vars.ALERT_CHECK_DELAY_MS = process.env.BENCH_ALERT_MS;
  const server = await startDevServer({ config: "bench/wrangler.bench.jsonc", port: PORT, vars });
  const token = await server.keys.token("supervisor", "bench");
  const headers = { authorization: `Bearer ${token}` };
  const docked = process.env.BENCH_DOORS === "0" ? 0 : await dockEveryDoor(server.url, headers, building);
  const runtime = await runtimeOf(server);
  const direct = runtime && process.env.BENCH_VIA !== "proxy";
  const via = direct ? "the runtime (behind wrangler's dev proxy)" : "wrangler's dev proxy";
  const at = { base: direct ? runtime.url : server.url, token, room: 0, cpuMs: runtime?.cpuMs ?? null };
  return { server, at, docked, via };
}

async function main() {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    rate: RATE,
    runMs: RUN_MS,
    rounds: ROUNDS,
    deflate: process.env.BENCH_DEFLATE !== "0",
  };
  const small = ["latency", "sustained", "polling"].some((p) => parts.has(p));
  if (small) {
    const { server, at, docked, via } = await serve(DEMO);
    results.via = via;
    results.trailersDocked = docked;
    console.log(`Demo building: 43 cars, ${docked} trailers docked; sockets to ${via}`);
    try {
      const latency = parts.has("latency") ? await latencies(at, sizes, "demo") : {};
      const rates: Record<number, Partial<Record<Target, Sustained>>> = {};
      for (const n of parts.has("sustained") ? sizes.filter((x) => x <= 50) : []) {
        for (const t of TARGETS) {
          const r = await sustained(at, t, n, latency[n]?.[t]?.latency.p50 ?? 10);
          (rates[n] ??= {})[t] = r;
          console.log(`${t.padEnd(10)} N=${String(n).padEnd(3)} sustains ${r.best}/s  ${JSON.stringify(r.steps)}`);
        }
      }
      const polled = {
        // The polls take the sockets' path (the runtime, when found), so the ratio below compares like with like.
        base: at.base,
        headers: { authorization: `Bearer ${at.token}` },
        rate: RATE,
        writer: () => open(urlFor(at, "hub", "writer"), true),
      };
      if (parts.has("polling")) results.pollingStaleness = await pollingStaleness(polled);
      if (parts.has("polling")) results.longPollStaleness = await longPollStaleness(polled);
      results.latency = latency;
      results.sustained = rates;
    } finally {
      await server.stop();
    }
  }
  if (parts.has("scale")) {
    const { server, at, docked, via } = await serve(BIGGEST);
    console.log(`Biggest building: 2,043 cars, ${docked} trailers docked; sockets to ${via}`);
    try {
      results.scale = { via, trailersDocked: docked, latency: await latencies(at, scaleSizes, "biggest") };
    } finally {
      await server.stop();
    }
  }
  report(results);
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function latencyTable(latency: Record<number, ByTarget>, title: string) {
  // BENCH_TARGETS may leave a target out while investigating: its columns then read NaN.
  const none = summarize([]);
  const rows = Object.entries(latency).map(([n, byTarget]) => {
    const h = byTarget.hub?.latency ?? none;
    const f = byTarget.floor?.latency ?? none;
    const sf = byTarget.storeFloor?.latency ?? none;
    return {
      N: Number(n),
      "hub p50": h.p50,
      "hub p99": h.p99,
      "floor p50": f.p50,
      "floor p99": f.p99,
      "floor+write p50": sf.p50,
      "floor+write p99": sf.p99,
      "÷ floor+write p50": ratio(h.p50, sf.p50),
      "÷ floor+write p99": ratio(h.p99, sf.p99),
      "CPU ms/msg hub": byTarget.hub?.cpuMsPerMessage ?? NaN,
      "floor+write": byTarget.storeFloor?.cpuMsPerMessage ?? NaN,
    };
  });
  if (!rows.length) return rows;
  console.log(`\n${title}`);
  console.table(rows);
  const one = Object.values(latency)[0]!;
  console.log(
    `Bytes per diff: hub ${one.hub?.bytesPerMessage ?? "-"} B, floor echo ${one.floor?.bytesPerMessage ?? "-"} B`,
  );
  return rows;
}

function report(results: Record<string, unknown>) {
  const latency = (results.latency ?? {}) as Record<number, ByTarget>;
  const scale = results.scale as { latency: Record<number, ByTarget> } | undefined;
  const how = `one writer at 20/s, median of ${ROUNDS} rounds of ${RUN_MS / 1000} s; receivers ${results.deflate ? "with" : "without"} permessage-deflate`;
  results.table = latencyTable(latency, `Demo building: writer send -> the last of N clients (ms), ${how}:`);
  results.scaleTable = latencyTable(scale?.latency ?? {}, `Biggest building (2,043 cars, 60 doors), ${how}:`);
  const rates = (results.sustained ?? {}) as Record<number, Partial<Record<Target, Sustained>>>;
  const rateRows = Object.entries(rates).map(([n, r]) => ({
    N: Number(n),
    "hub /s": r.hub?.best,
    "floor /s": r.floor?.best,
    ratio: r.hub && r.floor ? ratio(r.hub.best, r.floor.best) : NaN,
    "floor+write /s": r.storeFloor?.best,
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
