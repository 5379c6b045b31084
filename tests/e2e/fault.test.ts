import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAR_IDS, type Mutation } from "../../shared";
import { startChaosProxy } from "../../scripts/chaos-proxy";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { NodeClient } from "../../scripts/node-client";

const run = promisify(execFile);
const HUB = 8862;
const PROXY = 8863;
const CLIENTS = 4;
const WRITE_MS = 12_000;
const EVERY_MS = 120;

let server: DevServer;
let proxy: ReturnType<typeof startChaosProxy>;

beforeAll(async () => {
  server = await startDevServer({ config: "wrangler.jsonc", port: HUB });
  proxy = startChaosProxy({
    listenPort: PROXY,
    targetPort: HUB,
    refuse: 0.15,
    maxDelayMs: 40,
    cutAfterMs: [800, 4000],
  });
});

afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function hub<T>(path: string): Promise<T> {
  return server.keys.get<T>(path);
}

describe("faults: kill -9 twice and a proxy that drops and delays", () => {
  it("ends with every acknowledged change applied and audited exactly once, and every client converged", async () => {
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => server.keys.token("crew", `c${i}`)));
    const clients = tokens.map((t) => new NodeClient(`127.0.0.1:${PROXY}`, "demo", t));
    const deadline = Date.now() + 20_000;
    while (clients.some((c) => !c.state) && Date.now() < deadline) await sleep(50);
    expect(clients.every((c) => c.state)).toBe(true);
    // Setting the access codes above is versioned and audited too; the run is counted from here.
    const base = (await hub<{ seq: number }>("/api/facilities/demo/state")).seq;

    const all: Mutation[] = [];
    let n = 0;
    const writer = setInterval(() => {
      for (const [i, c] of clients.entries()) {
        const m: Mutation = {
          type: "car.update",
          mutationId: crypto.randomUUID(),
          carId: DEMO_CAR_IDS[n % DEMO_CAR_IDS.length]!,
          patch: { notes: `c${i}-${n}` },
        };
        all.push(m);
        c.mutate(m);
      }
      n++;
    }, EVERY_MS);
    const faults = (async () => {
      for (const at of [3_000, 4_500]) {
        await sleep(at);
        await server.kill();
        await sleep(300);
        await server.restart();
      }
    })();
    await sleep(WRITE_MS);
    clearInterval(writer);
    await faults;

    // Settle: bounded; every client drains its pending and reaches the hub's seq.
    const settleBy = Date.now() + 60_000;
    let seq = -1;
    while (Date.now() < settleBy) {
      seq = (await hub<{ seq: number }>("/api/facilities/demo/state")).seq;
      if (clients.every((c) => c.pending.size === 0 && c.state?.seq === seq)) break;
      await sleep(250);
    }
    expect(clients.map((c) => c.pending.size)).toEqual(clients.map(() => 0));
    expect(proxy.cuts()).toBeGreaterThan(0);
    // The first connect, then at least the two restarts: every client really lost its hub and came back.
    expect(Math.min(...clients.map((c) => c.catchUps))).toBeGreaterThanOrEqual(3);
    console.log(
      `fault run: ${all.length} mutations from ${CLIENTS} clients, ${proxy.cuts()} connections cut by the proxy, ` +
        `catch-ups per client ${clients.map((c) => c.catchUps).join("/")}, final seq ${seq}`,
    );

    const acked = new Set(clients.flatMap((c) => [...c.acked]));
    expect(clients.every((c) => c.rejected.size === 0)).toBe(true);
    expect(acked.size).toBe(all.length);

    const changes = await hub<{ seq: number; diffs: { mutationId: string }[] }>(
      `/api/facilities/demo/changes?since=${base}`,
    );
    const counts = new Map<string, number>();
    for (const d of changes.diffs) counts.set(d.mutationId, (counts.get(d.mutationId) ?? 0) + 1);
    expect(all.filter((m) => counts.get(m.mutationId) !== 1)).toEqual([]);
    expect(changes.diffs).toHaveLength(all.length);

    const snap = await hub<{ seq: number; cars: unknown[] }>("/api/facilities/demo/state");
    const sorted = (cars: { id: string }[]) => [...cars].sort((a, b) => a.id.localeCompare(b.id));
    for (const c of clients) {
      expect(c.state!.seq).toBe(snap.seq);
      expect(sorted([...c.state!.cars.values()].map((r) => r.car))).toEqual(sorted(snap.cars as { id: string }[]));
      expect(c.errors).toEqual([]);
    }

    // D1: each mutation changed one field, so exactly one audit row each, once the outbox has drained.
    const d1 = async (sql: string) => {
      const { stdout } = await run(
        "npx",
        ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", server.persistDir, "--json", "--command", sql],
        {
          env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        },
      );
      return (JSON.parse(stdout) as { results: Record<string, number>[] }[])[0]!.results;
    };
    await expect
      .poll(
        async () =>
          (await d1(`SELECT count(*) AS n FROM audit_log WHERE facility_id = 'demo' AND seq > ${base}`))[0]!.n,
        {
          timeout: 30_000,
          interval: 1_000,
        },
      )
      .toBe(all.length);
    const doubled = await d1("SELECT mutation_id, count(*) AS n FROM audit_log GROUP BY mutation_id HAVING n <> 1");
    expect(doubled).toEqual([]);
    for (const c of clients) c.close();
  }, 150_000);
});
