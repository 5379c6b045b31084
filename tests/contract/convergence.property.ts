import fc from "fast-check";
import { expect } from "vitest";
import {
  applyDiff,
  applyEffect,
  isNoop,
  snapshotOfState,
  stateFromSnapshot,
  viewOf,
  AckMessageSchema,
  ChangesResponseSchema,
  RejectMessageSchema,
  SnapshotMessageSchema,
  type Mutation,
  type Outcome,
  type Visit,
} from "../../shared";
import { planMutation } from "../../shared/domain/plan-any";
import { expectDoorInvariants } from "./door-invariants";

const visitEssence = (v: Visit) => {
  const { visitId, door, trailer, status, initialPercent, remainingPercent, version } = v;
  return { visitId, door, trailer, status, initialPercent, remainingPercent, version };
};

/** A fresh facility with these locations, reached through its HTTP API as an operator. */
export interface PropertyHub {
  post(m: unknown): Promise<Outcome>;
  get(path: string): Promise<unknown>;
}

/** The answer to POST /mutations, read as the outcome it is. */
export function outcomeOf(body: unknown): Outcome {
  const ack = AckMessageSchema.safeParse(body);
  if (ack.success) return ack.data;
  return RejectMessageSchema.parse(body);
}

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

const DOORS = ["9", "10", "11"];
const VISITS = [
  "a1111111-1111-4111-8111-111111111111",
  "a2222222-2222-4222-8222-222222222222",
  "a3333333-3333-4333-8333-333333333333",
];
const visitArb = fc.constantFrom(...VISITS);

/** Door-board taps from several handhelds: docks racing for doors and trailers, steps on visits gone or done. */
const doorOpArb: fc.Arbitrary<Omit<Mutation, "mutationId">> = fc.oneof(
  fc.record({
    type: fc.constant("door.dock" as const),
    door: fc.constantFrom(...DOORS),
    visitId: visitArb,
    trailer: fc.constantFrom("T1", "T2"),
    initialPercent: fc.constantFrom(0, 40, 100),
  }),
  fc.record({ type: fc.constant("visit.progress" as const), visitId: visitArb, delta: fc.constantFrom(-10, -25, 5) }),
  fc.record({ type: fc.constant("visit.start" as const), visitId: visitArb }),
  fc.record({ type: fc.constant("visit.finish" as const), visitId: visitArb }),
  fc.record({
    type: fc.constant("visit.depart" as const),
    visitId: visitArb,
    nextDoorState: fc.constantFrom("empty" as const, "pending" as const),
  }),
  fc.record({ type: fc.constant("visit.move" as const), visitId: visitArb, toDoor: fc.constantFrom(...DOORS) }),
  fc.record({
    type: fc.constant("door.set" as const),
    door: fc.constantFrom(...DOORS),
    state: fc.constantFrom("empty" as const, "pending" as const),
  }),
  fc.record({
    type: fc.constant("doors.verify" as const),
    doors: fc
      .tuple(fc.constantFrom(...DOORS), visitArb, fc.constantFrom("T1", "T2"), fc.boolean())
      .map(([door, visitId, trailer, replace]) => [
        { door, state: "occupied" as const, trailer, visitId, initialPercent: 60, replace },
      ]),
  }),
);

const opArb: fc.Arbitrary<Omit<Mutation, "mutationId">> = fc.oneof(
  { weight: 5, arbitrary: doorOpArb },
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

/**
 * Convergence under interleaving and duplicates: several clients' mutations, each delivered one to three times in
 * concurrent waves, end in the state serial application in seq order gives, and the diffs rebuild it. Run by the
 * room in Node (many runs, milliseconds each) and by the real hub in workerd.
 */
export function convergence(newHub: (locations: string[]) => Promise<PropertyHub>, numRuns: number): Promise<void> {
  return fc.assert(
    fc.asyncProperty(scenarioArb, async ({ ops, order, copies, wave }) => {
      const hub = await newHub(LOCS);
      const post = hub.post;
      for (const id of ["C1", "C2"]) await post({ type: "car.add", mutationId: crypto.randomUUID(), carId: id });
      const initial = SnapshotMessageSchema.parse(await hub.get("/state"));

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
        const answers = await Promise.all(batch.map((k) => post(mutations[k])));
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

      const final = SnapshotMessageSchema.parse(await hub.get("/state"));
      const changes = ChangesResponseSchema.parse(await hub.get(`/changes?since=${initial.seq}`));
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
      const modelBoard = snapshotOfState(model);
      // The model plans at a made-up time, so a door's `since` is compared on the client below, not here.
      const doorEssence = ({ door, state, visitId }: { door: string; state: string; visitId: string | null }) => ({
        door,
        state,
        visitId,
      });
      expect(modelBoard.doors.map(doorEssence)).toEqual(final.doors.map(doorEssence));
      expect(modelBoard.visits.map(visitEssence)).toEqual(final.visits.map(visitEssence));
      expectDoorInvariants(final);

      // A client holding the initial snapshot and applying every diff (some twice) lands on the final snapshot.
      let client = stateFromSnapshot(initial);
      for (const d of [...changes.diffs, ...changes.diffs.slice(0, 3)]) client = applyDiff(client, d);
      expect(client.seq).toBe(final.seq);
      expect([...client.cars.values()].map((r) => r.car).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [...final.cars].sort((a, b) => a.id.localeCompare(b.id)),
      );
      const clientBoard = snapshotOfState(client);
      expect(clientBoard.doors).toEqual(final.doors);
      expect(clientBoard.visits).toEqual(final.visits);
      expect(clientBoard.alerts).toEqual(final.alerts);
    }),
    { numRuns },
  );
}
