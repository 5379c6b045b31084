import { describe, expect, it } from "vitest";
import { ChangesMessageSchema, SnapshotMessageSchema, type Mutation } from "../../shared";
import { FacilityHub } from "../../party/hub/facility-hub";
import { carsModule, doorsModule, shiftsModule, snapshotSlices } from "../../party/room/modules";
import { MemoryKv } from "../../party/room/kv";
import { MemoryStore } from "../../party/store/memory-store";

// The hub's decisions in Node, over the in-memory store (the same contract as the DO's SQLite).
const ana = { name: "ana", role: "crew" };
const at = new Date("2026-11-30T21:00:00.000Z");
const uuid = () => crypto.randomUUID();
const arrive = (carId: string): Mutation => ({
  type: "car.update",
  mutationId: uuid(),
  carId,
  patch: { arrived: true },
});

function newHub(cars = ["A-1", "B-2", "C-3"]) {
  const store = new MemoryStore();
  const shifts = shiftsModule({
    kv: new MemoryKv(),
    openShift: () => store.openShift(),
    apply: () => undefined,
  });
  const hub = new FacilityHub(
    store,
    snapshotSlices([
      carsModule(),
      shifts,
      doorsModule(),
      { name: "alerts", mutations: [], slices: { alerts: (s) => s.listAlerts() } },
    ]),
  );
  hub.create({ id: "node", name: "Node hub", locations: ["Yard", "100"], doors: ["9"] }, cars, at.toISOString());
  return { hub, store };
}

describe("the facility hub in Node", () => {
  it("numbers each change, answers a repeat with its first outcome, and audits field by field", () => {
    const { hub, store } = newHub();
    const m = arrive("A-1");
    const first = hub.apply(m, ana, at);
    expect(first.outcome).toMatchObject({ type: "ack", seq: 1, duplicate: false });
    expect(first.diffJson).not.toBeNull();
    const again = hub.apply(m, ana, at);
    expect(again).toEqual({ outcome: { ...first.outcome, duplicate: true }, diffJson: null });
    expect(hub.seq).toBe(1);
    expect(store.peekAudit(10).map((a) => [a.carId, a.field, a.actor])).toEqual([["A-1", "arrived", "ana"]]);
  });

  it("rejects in words and records the refusal, so a replay is refused the same way", () => {
    const { hub } = newHub();
    const gone: Mutation = { type: "car.remove", mutationId: uuid(), carId: "Z-9" };
    const r = hub.apply(gone, { name: "sam", role: "supervisor" }, at);
    expect(r.outcome).toMatchObject({ type: "reject", code: "not_found" });
    expect(hub.apply(gone, { name: "sam", role: "supervisor" }, at).outcome).toMatchObject({
      code: "not_found",
      duplicate: true,
    });
    expect(hub.seq).toBe(0);
  });

  it("catches a client up with the diffs it missed, or a snapshot when it knows nothing", () => {
    const { hub } = newHub();
    for (const id of ["A-1", "B-2", "C-3"]) hub.apply(arrive(id), ana, at);
    const catchUp = hub.catchUp(1);
    expect(catchUp.kind).toBe("changes");
    const changes = ChangesMessageSchema.parse(JSON.parse(catchUp.json));
    expect(changes.diffs.map((d) => d.seq)).toEqual([2, 3]);
    const snap = SnapshotMessageSchema.parse(JSON.parse(hub.catchUp(null).json));
    expect(snap.seq).toBe(3);
    expect(snap.cars.every((c) => c.arrived)).toBe(true);
    expect(hub.diffsSince(3)).toEqual([]);
    expect(hub.diffsSince(9)).toBeNull();
  });

  it("leaves memory and storage as they were when a write fails inside the transaction", () => {
    const { hub, store } = newHub();
    const commit = store.commit.bind(store);
    // The change is written, then the write after it fails: all of it must go.
    store.commit = (...args) => {
      commit(...args);
      throw new Error("disk full");
    };
    const m = arrive("A-1");
    expect(() => hub.apply(m, ana, at)).toThrow("disk full");
    expect(hub.seq).toBe(0);
    expect(store.getCar("A-1")?.car.arrived).toBe(false);
    expect(store.diffsSince(0)).toBeNull();
    expect(store.auditPendingCount()).toBe(0);
    expect(store.findOutcome(m.mutationId)).toBeUndefined();
  });
});
