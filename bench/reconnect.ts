// npm run bench (third part): a reconnection storm. 200 clients (BENCH_CLIENTS) lose the hub (a Wi-Fi drop, then a
// kill -9 of the hub) and come back with the screens' own jittered backoff (shared/reconnect.ts). Loopback only; bounded in count and time.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_CAR_IDS } from "../shared";
import { SOCKET_RETRY } from "../shared/reconnect";
import { startChaosProxy } from "../scripts/chaos-proxy";
import { startDevServer } from "../scripts/dev-server";
import { postMutation } from "../scripts/hub-http";
import { NodeClient } from "../scripts/node-client";
import { summarize } from "./stats";

const HUB = 8881;
const PROXY = 8882;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const WRITES_DURING_DROP = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!test() && Date.now() < end) await sleep(20);
  return test();
}

const server = await startDevServer({ config: "wrangler.jsonc", port: HUB });
const opts = {
  listenPort: PROXY,
  targetPort: HUB,
  refuse: 0,
  maxDelayMs: 0,
  cutAfterMs: [3_600_000, 3_600_001] as [number, number],
};
const proxy = startChaosProxy(opts);
try {
  const clients: NodeClient[] = [];
  for (let i = 0; i < CLIENTS; i += 20) {
    for (let j = i; j < Math.min(CLIENTS, i + 20); j++)
      clients.push(new NodeClient(`127.0.0.1:${PROXY}`, "demo", await server.keys.token("crew", `r${j}`)));
    await until(() => clients.every((c) => c.state), 10_000);
  }
  const snapshotBytes = Buffer.byteLength(JSON.stringify(await server.keys.get("/api/facilities/demo/state")));

  // Phase 1: the Wi-Fi drops for everyone while one writer (on the wired side) goes on.
  opts.refuse = 1;
  proxy.cutAll();
  await until(() => clients.every((c) => !c.open), 10_000);
  for (let i = 0; i < WRITES_DURING_DROP; i++) {
    await postMutation(server.keys, {
      type: "car.update",
      carId: DEMO_CAR_IDS[i]!,
      patch: { notes: `drop ${i}` },
    });
  }
  const seqAfterDrop = (await server.keys.get<{ seq: number }>("/api/facilities/demo/state")).seq;
  const dropBytesBefore = clients.map((c) => [c.catchUpBytes, c.presenceBytes] as const);
  const dropSynced = new Map<NodeClient, number>();
  for (const c of clients)
    c.onCaughtUp = () => c.state?.seq === seqAfterDrop && !dropSynced.has(c) && dropSynced.set(c, performance.now());
  opts.refuse = 0;
  const back = performance.now();
  await until(() => dropSynced.size === clients.length, 60_000);
  const drop = {
    synced: dropSynced.size,
    msToSync: summarize([...dropSynced.values()].map((t) => t - back)),
    catchUpBytesPerClient: summarize(clients.map((c, i) => c.catchUpBytes - dropBytesBefore[i]![0])),
    presenceBytesPerClient: summarize(clients.map((c, i) => c.presenceBytes - dropBytesBefore[i]![1])),
  };

  // Phase 2: the hub process dies (kill -9) and comes back.
  const restartBytesBefore = clients.map((c) => [c.catchUpBytes, c.presenceBytes] as const);
  const restartSynced = new Map<NodeClient, number>();
  for (const c of clients) c.onCaughtUp = () => !restartSynced.has(c) && restartSynced.set(c, performance.now());
  await server.kill();
  await until(() => clients.every((c) => !c.open), 15_000);
  await server.restart();
  const ready = performance.now();
  await until(() => restartSynced.size === clients.length, 60_000);
  const restart = {
    synced: restartSynced.size,
    msToSyncFromHubReady: summarize([...restartSynced.values()].map((t) => t - ready)),
    // The same, from each client's socket opening: what the hub took, without the client's own backoff.
    msToSyncFromOpen: summarize([...restartSynced].map(([c, t]) => t - c.openedAt)),
    msHubReadyToLastOpen: Math.round(Math.max(...clients.map((c) => c.openedAt)) - ready),
    catchUpBytesPerClient: summarize(clients.map((c, i) => c.catchUpBytes - restartBytesBefore[i]![0])),
    presenceBytesPerClient: summarize(clients.map((c, i) => c.presenceBytes - restartBytesBefore[i]![1])),
  };
  const inSync = clients.every((c) => c.state?.seq === seqAfterDrop);

  // Phase 3, steady state: one more handheld joins, then leaves; what did that cost each of the others?
  await sleep(1500);
  const steadyBefore = clients.map((c) => c.presenceBytes);
  const one = new NodeClient(`127.0.0.1:${PROXY}`, "demo", await server.keys.token("crew", "one-more"));
  await until(() => one.state !== null, 10_000);
  await sleep(1500);
  const joinBytes = clients.map((c, i) => c.presenceBytes - steadyBefore[i]!);
  one.close();
  await sleep(1500);
  const leaveBytes = clients.map((c, i) => c.presenceBytes - steadyBefore[i]! - joinBytes[i]!);
  const steady = { joinBytesPerClient: summarize(joinBytes), leaveBytesPerClient: summarize(leaveBytes) };

  const results = {
    date: new Date().toISOString(),
    clients: CLIENTS,
    snapshotBytes,
    writesDuringDrop: WRITES_DURING_DROP,
    drop,
    restart,
    inSync,
    steady,
  };
  console.log(`Reconnection storm, ${CLIENTS} clients (snapshot of the demo fleet: ${snapshotBytes} B):`);
  console.log(
    `  Wi-Fi drop, ${WRITES_DURING_DROP} changes meanwhile: ${drop.synced}/${CLIENTS} back in sync; ms p50 ${drop.msToSync.p50} p99 ${drop.msToSync.p99} max ${drop.msToSync.max}; catch-up bytes per client p50 ${drop.catchUpBytesPerClient.p50} (a snapshot: ${snapshotBytes}); presence bytes p50 ${drop.presenceBytesPerClient.p50} max ${drop.presenceBytesPerClient.max} (target: catch-up + 1,024 = ${drop.catchUpBytesPerClient.p50 + 1024})`,
  );
  console.log(
    `  kill -9 and restart: ${restart.synced}/${CLIENTS} back in sync; ms from hub ready p50 ${restart.msToSyncFromHubReady.p50} p99 ${restart.msToSyncFromHubReady.p99} max ${restart.msToSyncFromHubReady.max} (the last client opened its socket ${restart.msHubReadyToLastOpen} ms after, with the screens' backoff: a first retry after ${SOCKET_RETRY.firstMs / 1000}–${(SOCKET_RETRY.firstMs + SOCKET_RETRY.jitterMs) / 1000} s, then ${SOCKET_RETRY.growBy}× longer each time up to ${SOCKET_RETRY.maxMs / 1000} s; from each socket opening p50 ${restart.msToSyncFromOpen.p50} p99 ${restart.msToSyncFromOpen.p99}); catch-up bytes per client p50 ${restart.catchUpBytesPerClient.p50} (a snapshot: ${snapshotBytes}); presence bytes p50 ${restart.presenceBytesPerClient.p50} max ${restart.presenceBytesPerClient.max} (target: catch-up + 1,024 = ${restart.catchUpBytesPerClient.p50 + 1024})`,
  );
  console.log(`  every client at the hub's seq: ${inSync}`);
  console.log(
    `  steady state, one handheld joins then leaves: presence bytes to each other client, join max ${steady.joinBytesPerClient.max}, leave max ${steady.leaveBytesPerClient.max} (target ≤ 200)`,
  );
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  const file = path.join(
    import.meta.dirname,
    "results",
    `reconnect-${results.date.slice(0, 19).replace(/[:T]/g, "-")}.json`,
  );
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written ${path.relative(process.cwd(), file)}`);
  for (const c of clients) c.close();
} finally {
  await proxy.stop();
  await server.stop();
}
