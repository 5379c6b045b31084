// npm run bench:snapshot: what a snapshot costs at 2,000 and 5,000 cars. Bytes on the wire over a WebSocket with
// and without permessage-deflate (which browsers ask for and workerd grants) and over HTTP with and without gzip;
// catch-up bytes after a few missed changes; and the time the hub takes to build and encode a snapshot, read from
// outside (workerd's clocks stand still inside a request): GET /state right after a change (built again) against
// GET /state with nothing changed (cached), the floor, in the same run. Loopback only; bounded loops.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { startDevServer } from "../scripts/dev-server";
import { PROTOCOL_VERSION } from "../shared";
import { summarize } from "./stats";

const ROUNDS = Number(process.env.BENCH_SNAPSHOT_ROUNDS ?? 30);
const server = await startDevServer({ config: "wrangler.jsonc", port: 8896 });
const token = await server.keys.token("supervisor", "bench");
const auth = { authorization: `Bearer ${token}` };
const base = server.url;

async function mutate(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/api/facilities/demo/mutations`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ mutationId: crypto.randomUUID(), ...body }),
  });
  if (!res.ok) throw new Error(`${String(body.type)}: ${res.status} ${await res.text()}`);
}

async function importCars(from: number, n: number): Promise<void> {
  const locations = ["Yard", "100", "200", "300", "400", "500", "600", "Shop"];
  const cars = Array.from({ length: n }, (_, i) => ({
    id: `S${String(from + i).padStart(5, "0")}`,
    location: locations[i % locations.length],
    arrived: i % 3 === 0,
  }));
  await mutate({ type: "fleet.import", cars });
}

/** The first frame of a type on a fresh socket: its length as text, and the bytes read off the wire up to it. */
function socketFrame(deflate: boolean, type: string, since?: number): Promise<{ text: number; wire: number }> {
  const q = new URLSearchParams({ protocol: String(PROTOCOL_VERSION), ...(since ? { since: String(since) } : {}) });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/parties/facility/demo?${q}`, {
    headers: auth,
    perMessageDeflate: deflate,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} in 10 s`)), 10_000);
    ws.on("message", (data) => {
      const text = String(data);
      if (!text.startsWith(`{"type":"${type}"`)) return;
      clearTimeout(timer);
      const wire = (ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
      ws.close();
      resolve({ text: Buffer.byteLength(text), wire });
    });
    ws.on("error", reject);
  });
}

async function stateBytes(encoding: "identity" | "gzip"): Promise<number> {
  // fetch() would unpack gzip; the wire's bytes are what a handheld downloads.
  const { get } = await import("node:http");
  return new Promise((resolve, reject) => {
    get(`${base}/api/facilities/demo/state`, { headers: { ...auth, "accept-encoding": encoding } }, (res) => {
      let n = 0;
      res.on("data", (c: Buffer) => (n += c.length));
      res.on("end", () => resolve(n));
    }).on("error", reject);
  });
}

async function timedState(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/facilities/demo/state`, { headers: { ...auth, "accept-encoding": "identity" } });
  await res.arrayBuffer();
  return performance.now() - t0;
}

/** Build and encode, from outside: a GET after a change (the hub builds it again) minus a GET with none (cached). */
async function buildTime(): Promise<{ built: number[]; cached: number[] }> {
  const built: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await mutate({ type: "car.update", carId: "128414", patch: { notes: `round ${i}` } });
    built.push(await timedState());
    cached.push(await timedState());
  }
  return { built, cached };
}

async function measure(cars: number) {
  const plain = await socketFrame(false, "snapshot");
  const deflated = await socketFrame(true, "snapshot");
  const http = { json: await stateBytes("identity"), gzip: await stateBytes("gzip") };
  const seq = (
    (await (await fetch(`${base}/api/facilities/demo/changes?since=0`, { headers: auth })).json()) as {
      seq: number;
    }
  ).seq;
  for (let i = 0; i < 5; i++) await mutate({ type: "car.update", carId: "128421", patch: { late: i % 2 === 0 } });
  const catchUp = await socketFrame(true, "changes", seq);
  const times = await buildTime();
  const built = summarize(times.built);
  const floor = summarize(times.cached);
  const result = {
    cars,
    socketSnapshot: { json: plain.text, wirePlain: plain.wire, wireDeflate: deflated.wire },
    httpState: http,
    catchUpFiveChanges: catchUp,
    stateMs: { built, cached: floor, buildP50: Math.round((built.p50 - floor.p50) * 10) / 10 },
  };
  console.log(`${cars} cars:`);
  console.log(
    `  snapshot over a socket: ${plain.text} B of JSON; on the wire ${plain.wire} B plain, ${deflated.wire} B with permessage-deflate`,
  );
  console.log(`  GET /state: ${http.json} B plain, ${http.gzip} B gzipped`);
  console.log(`  catch-up after 5 missed changes: ${catchUp.text} B of JSON, ${catchUp.wire} B on the wire`);
  console.log(
    `  GET /state p50 ${built.p50} ms built again vs ${floor.p50} ms cached (floor): build and encode ≈ ${result.stateMs.buildP50} ms; ratio ${(built.p50 / floor.p50).toFixed(2)}`,
  );
  return result;
}

try {
  await importCars(0, 2000 - 43);
  const two = await measure(2000);
  await importCars(2000, 3000);
  const five = await measure(5000);
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  const file = path.join(
    import.meta.dirname,
    "results",
    `snapshot-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  );
  writeFileSync(file, JSON.stringify({ rounds: ROUNDS, runs: [two, five] }, null, 2) + "\n");
  console.log(`written ${path.relative(process.cwd(), file)}`);
} finally {
  await server.stop();
}
