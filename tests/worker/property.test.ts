import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDiff,
  applyEffect,
  isNoop,
  planMutation,
  stateFromSnapshot,
  viewOf,
  ChangesResponseSchema,
  SnapshotMessageSchema,
  type Mutation,
  type Outcome,
} from "../../shared";
import { api, createFacility, operatorToken } from "./helpers";

const CARS = ["C1", "C2", "C3", "C4"];
const LOCS = ["Yard", "100", "Shop"];

const patchArb = fc
  .record(
    {
      location: fc.constantFrom(...LOCS),
      arrived: fc.boolean(),
      late: fc.boolean(),
      empty: fc.boolean(),
      notes: fc.constantFrom("", "a", "b"),
    },
    { requiredKeys: [] },
  )
  .filter((p) => Object.keys(p).length > 0 && !(p.empty === true && p.arrived === false));

const opArb: fc.Arbitrary<Omit<Mutation, "mutationId">> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        type: fc.constant("car.update" as const),
        carId: fc.constantFrom(...CARS),
        patch: patchArb,
        baseVersion: fc.option(fc.nat(4), { nil: undefined }),
      })
      .map(({ baseVersion, ...r }) => (baseVersion === undefined ? r : { ...r, baseVersion })),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("car.add" as const), carId: fc.constantFrom(...CARS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("car.remove" as const), carId: fc.constantFrom(...CARS) }) },
);

/** Several clients' mutations, interleaved, each delivered one to three times, sent in concurrent waves. */
const scenarioArb = fc
  .array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 4 })
  .chain((clients) => {
    const all = clients.flat();
    return fc.record({
      ops: fc.constant(all),
      order: fc.shuffledSubarray([...all.keys(), ...all.keys(), ...all.keys()], {
        minLength: all.length * 3,
        maxLength: all.length * 3,
      }),
      copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: all.length, maxLength: all.length }),
      wave: fc.integer({ min: 1, max: 4 }),
    });
  });

let run = 0;

describe("convergence under interleaving and duplicates (real hub)", () => {
  it("ends in the state that serial application in seq order gives, and diffs rebuild it", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ ops, order, copies, wave }) => {
        const fid = `prop-${++run}`;
        await createFacility(fid, LOCS);
        const as = await operatorToken(fid);
        const post = (m: unknown) => api(`/api/facilities/${fid}/mutations`, { method: "POST", json: m, as });
        for (const id of ["C1", "C2"]) await post({ type: "car.add", mutationId: crypto.randomUUID(), carId: id });
        const initial = SnapshotMessageSchema.parse(await (await api(`/api/facilities/${fid}/state`, { as })).json());

        const mutations = ops.map((op) => ({ ...op, mutationId: crypto.randomUUID() }) as Mutation);
        const seen = new Map<number, number>();
        const deliveries = order.filter((i) => {
          const n = (seen.get(i) ?? 0) + 1;
          seen.set(i, n);
          return n <= copies[i]!;
        });
        const outcomes = new Map<string, Outcome[]>();
        for (let i = 0; i < deliveries.length; i += wave) {
          const batch = deliveries.slice(i, i + wave);
          const answers = await Promise.all(
            batch.map(async (k) => (await (await post(mutations[k])).json()) as Outcome),
          );
          batch.forEach((k, j) =>
            outcomes.set(mutations[k]!.mutationId, [...(outcomes.get(mutations[k]!.mutationId) ?? []), answers[j]!]),
          );
        }

        // Every delivery of one mutation got the same answer; only the first was fresh.
        for (const list of outcomes.values()) {
          expect(list.filter((o) => !o.duplicate)).toHaveLength(1);
          const strip = ({ duplicate: _d, ...rest }: Outcome) => rest;
          for (const o of list) expect(strip(o)).toEqual(strip(list[0]!));
        }

        const final = SnapshotMessageSchema.parse(await (await api(`/api/facilities/${fid}/state`, { as })).json());
        const changes = ChangesResponseSchema.parse(
          await (await api(`/api/facilities/${fid}/changes?since=${initial.seq}`, { as })).json(),
        );
        if (!("diffs" in changes)) throw new Error("expected diffs");
        const seqs = changes.diffs.map((d) => d.seq);
        expect(seqs).toEqual(seqs.map((_, i) => initial.seq + 1 + i));

        // Serial application, in seq order, of the mutations that changed something.
        const bySeq = new Map(changes.diffs.map((d) => [d.seq, mutations.find((m) => m.mutationId === d.mutationId)!]));
        let model = stateFromSnapshot(initial);
        for (const seq of seqs) {
          const plan = planMutation(viewOf(model), bySeq.get(seq)!, { actor: { name: "m", role: "m" }, now: "t", seq });
          expect(plan.ok).toBe(true);
          if (!plan.ok) return;
          expect(isNoop(plan.effect)).toBe(false);
          model = applyEffect(model, plan.effect, seq);
        }
        const essence = (
          cars: {
            id: string;
            location: string;
            arrived: boolean;
            late: boolean;
            empty: boolean;
            notes: string;
            version: number;
          }[],
        ) =>
          cars
            .map(({ id, location, arrived, late, empty, notes, version }) => ({
              id,
              location,
              arrived,
              late,
              empty,
              notes,
              version,
            }))
            .sort((a, b) => a.id.localeCompare(b.id));
        expect(essence([...model.cars.values()].map((r) => r.car))).toEqual(essence(final.cars));

        // A client holding the initial snapshot and applying every diff (some twice) lands on the final snapshot.
        let client = stateFromSnapshot(initial);
        for (const d of [...changes.diffs, ...changes.diffs.slice(0, 3)]) client = applyDiff(client, d);
        expect(client.seq).toBe(final.seq);
        expect([...client.cars.values()].map((r) => r.car).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          [...final.cars].sort((a, b) => a.id.localeCompare(b.id)),
        );
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
