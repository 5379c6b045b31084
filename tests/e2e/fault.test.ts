import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAR_IDS, type Mutation } from "../../shared";
import { startChaosProxy } from "../../scripts/chaos-proxy";
import { startDevServer, type DevServer } from "../../scripts/dev-server";
import { NodeClient } from "../../scripts/node-client";

const HUB = 8862;
const PROXY = 8863;
const CLIENTS = 4;
/** Rounds (one mutation from every client) between faults, each sent once the last was acknowledged. */
const PACED_ROUNDS = 25;
/** Rounds written into an outage, which wait on the clients until the hub is back. */
const OUTAGE_ROUNDS = 10;

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

async function hub<T>(path: string): Promise<T> {
  return server.keys.get<T>(path);
}

describe("faults: kill -9 twice and a proxy that drops and delays", () => {
  it("ends with every acknowledged change applied and audited exactly once, and every client converged", async () => {
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => server.keys.token("crew", `c${i}`)));
    const clients = tokens.map((t) => new NodeClient(`127.0.0.1:${PROXY}`, "demo", t));
    await expect.poll(() => clients.every((c) => c.state), { timeout: 20_000 }).toBe(true);
    // Setting the access codes above is versioned and audited too; the run is counted from here.
    const base = (await hub<{ seq: number }>("/api/facilities/demo/state")).seq;

    // Paced by progress, not by time; an outage's rounds queue on the clients.
    const all: Mutation[] = [];
    let n = 0;
    const round = (): Mutation[] => {
      const sent = clients.map((c, i) => {
        const m: Mutation = {
          type: "car.update",
          mutationId: crypto.randomUUID(),
          carId: DEMO_CAR_IDS[n % DEMO_CAR_IDS.length]!,
          patch: { notes: `c${i}-${n}` },
        };
        all.push(m);
        c.mutate(m);
        return m;
      });
      n++;
      return sent;
    };
    // A round goes once the hub has taken any of the last one: the pace of the hub, not of the slowest client.
    const taken = (ms: Mutation[]) => ms.some((m) => clients.some((c) => c.acked.has(m.mutationId)));
    const paced = async () => {
      for (let r = 0; r < PACED_ROUNDS; r++) {
        const sent = round();
        await expect.poll(() => taken(sent), { timeout: 30_000 }).toBe(true);
      }
    };
    await paced();
    for (let fault = 0; fault < 2; fault++) {
      await server.kill();
      for (let r = 0; r < OUTAGE_ROUNDS; r++) round();
      await server.restart();
      await paced();
    }

    // Settle: bounded; every client drains its pending and reaches the hub's seq.
    let seq = -1;
    await expect
      .poll(
        async () => {
          seq = (await hub<{ seq: number }>("/api/facilities/demo/state")).seq;
          return clients.every((c) => c.pending.size === 0 && c.state?.seq === seq);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    expect(clients.map((c) => c.pending.size)).toEqual(clients.map(() => 0));
    expect(proxy.cuts()).toBeGreaterThan(0);
    // The first connect, then at least the two restarts: every client really lost its hub and came back.
    expect(Math.min(...clients.map((c) => c.catchUps))).toBeGreaterThanOrEqual(3);
    console.log(
      `fault run: ${all.length} mutations from ${CLIENTS} clients, ${proxy.cuts()} connections cut by the proxy, ` +
        `catch-ups per client ${clients.map((c) => c.catchUps).join("/")}, final seq ${seq}`,
    );

    const ackedIds = new Set(clients.flatMap((c) => [...c.acked]));
    expect(clients.every((c) => c.rejected.size === 0)).toBe(true);
    expect(ackedIds.size).toBe(all.length);

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
    const d1 = (sql: string) => server.d1(sql);
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
