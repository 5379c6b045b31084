// npm run bench (last part): does a dead push service slow anyone's taps? One crew member taps over a
// WebSocket while a supervisor's script starts and ends shifts whose cut-off has passed, so the hub raises
// and clears an alert every second. The floor: no phones subscribed. Then 50 phones whose push service
// never answers (each push waits out the sender's 8 s timeout). Floor, dead, floor again, each 12 s of
// taps at 20 a second; loopback only.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_CAR_IDS, type Mutation } from "../shared";
import { startDevServer } from "../scripts/dev-server";
import { postMutation } from "../scripts/hub-http";
import { NodeClient } from "../scripts/node-client";
import { PushService } from "../tests/support/push-service";
import { summarize, type Summary } from "./stats";

/** Each phase: taps at 20 a second for this long, through several alert raises (and their pushes). */
const PHASE_MS = Number(process.env.BENCH_PUSH_PHASE_MS ?? 12_000);
const TAP_EVERY_MS = 50;
const DEVICES = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One client taps as fast as acks come back: far past a person's rate, so the per-session limit is lifted.
const server = await startDevServer({
  config: "wrangler.jsonc",
  port: 8893,
  vars: { RATE_LIMIT_BURST: "1000000", RATE_LIMIT_PER_SEC: "1000000" },
});
const service = await PushService.start();
let churning = true;
try {
  const crew = new NodeClient(`127.0.0.1:${server.port}`, "demo", await server.keys.token("crew", "bench"));
  for (let i = 0; i < 500 && !crew.state; i++) await sleep(20);
  if (!crew.state) throw new Error("the bench client never got a snapshot");

  // Alerts raised and cleared all along: each raise is a push to every subscribed phone.
  let cycles = 0;
  const churn = (async () => {
    while (churning) {
      const cutoff = new Date(Date.now() - 1000).toISOString();
      await postMutation(server.keys, { type: "shift.start", cutoff });
      await sleep(1200);
      await postMutation(server.keys, { type: "shift.end" });
      cycles++;
      await sleep(100);
    }
  })();

  const tapOnce = async (i: number): Promise<number> => {
    const m: Mutation = {
      type: "car.update",
      mutationId: crypto.randomUUID(),
      carId: DEMO_CAR_IDS[i % DEMO_CAR_IDS.length]!,
      patch: { notes: `tap ${i}` },
    };
    const t0 = performance.now();
    crew.mutate(m);
    const end = t0 + 10_000;
    while (!crew.acked.has(m.mutationId) && performance.now() < end) await new Promise((r) => setImmediate(r));
    if (!crew.acked.has(m.mutationId)) throw new Error(`tap ${i} was not acknowledged in 10 s`);
    return performance.now() - t0;
  };
  const phase = async (label: string): Promise<Summary> => {
    const times: number[] = [];
    const start = performance.now();
    for (let i = 0; performance.now() - start < PHASE_MS; i++) {
      times.push(await tapOnce(i));
      const next = start + (i + 1) * TAP_EVERY_MS;
      if (next > performance.now()) await sleep(next - performance.now());
    }
    const s = summarize(times);
    console.log(`${label.padEnd(34)} tap to ack p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  max ${s.max} ms`);
    return s;
  };

  await phase("warm-up");
  const floorA = await phase("floor: no phones subscribed");
  const token = await server.keys.token("supervisor", "phones");
  const phones = Array.from({ length: DEVICES }, () => service.subscribe());
  for (const p of phones) {
    service.answer(p.endpoint, "hang");
    const res = await fetch(`${server.url}/api/facilities/demo/push-subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(p),
    });
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  }
  const hitsBefore = [...service.hits.values()].reduce((a, b) => a + b, 0);
  const dead = await phase(`${DEVICES} phones, push service dead`);
  const pushesTried = [...service.hits.values()].reduce((a, b) => a + b, 0) - hitsBefore;
  for (const p of phones) {
    await fetch(`${server.url}/api/facilities/demo/push-subscriptions`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoint: p.endpoint }),
    });
  }
  const floorB = await phase("floor again: phones removed");
  churning = false;
  await churn;
  crew.close();

  const floor = { p50: Math.min(floorA.p50, floorB.p50), p99: Math.min(floorA.p99, floorB.p99) };
  const ratio = { p50: dead.p50 / floor.p50, p99: dead.p99 / floor.p99 };
  console.log(
    `\npushes tried at the dead service during the dead phase: ${pushesTried} (alert cycles in all: ${cycles})`,
  );
  console.log(`dead ÷ floor: p50 ${ratio.p50.toFixed(2)}, p99 ${ratio.p99.toFixed(2)}`);
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  writeFileSync(
    path.join(dir, `push-${stamp}.json`),
    JSON.stringify(
      {
        phaseMs: PHASE_MS,
        tapEveryMs: TAP_EVERY_MS,
        devices: DEVICES,
        floorA,
        dead,
        floorB,
        pushesTried,
        cycles,
        ratio,
      },
      null,
      2,
    ),
  );
} finally {
  churning = false;
  await service.stop();
  await server.stop();
}
