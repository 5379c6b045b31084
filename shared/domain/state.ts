import { PROTOCOL_VERSION, type DiffMessage, type SnapshotMessage } from "../protocol";
import type { Effect, FacilityView } from "./plan";
import type { Facility, Shift } from "./schemas";
import { uniformFieldVersions, type CarRecord } from "./rules";

/** A whole facility in memory: what a client holds, and what tests compare against the hub. */
export interface FacilityState {
  facility: Facility;
  shift: Shift | null;
  seq: number;
  cars: Map<string, CarRecord>;
}

export function viewOf(state: FacilityState): FacilityView {
  return {
    facility: state.facility,
    shift: state.shift,
    getCar: (id) => state.cars.get(id),
    listCars: () => [...state.cars.values()],
  };
}

export function applyEffect(state: FacilityState, effect: Effect, seq: number): FacilityState {
  const cars = new Map(state.cars);
  for (const id of effect.removed) cars.delete(id);
  for (const rec of effect.upserts) cars.set(rec.car.id, rec);
  return {
    facility: effect.facility ?? state.facility,
    shift: effect.shift ? effect.shift.open : state.shift,
    seq,
    cars,
  };
}

export function stateFromSnapshot(s: SnapshotMessage): FacilityState {
  const cars = new Map<string, CarRecord>();
  for (const car of s.cars) cars.set(car.id, { car, fieldVersions: uniformFieldVersions(car.version) });
  return { facility: s.facility, shift: s.shift, seq: s.seq, cars };
}

/** The inverse of stateFromSnapshot: what a device saves to open with no network. */
export function snapshotOfState(state: FacilityState): SnapshotMessage {
  return {
    type: "snapshot",
    protocol: PROTOCOL_VERSION,
    seq: state.seq,
    facility: state.facility,
    shift: state.shift,
    cars: [...state.cars.values()].map((r) => r.car),
  };
}

/** Applies a diff from the hub; diffs at or below the state's seq are already in it. */
export function applyDiff(state: FacilityState, diff: DiffMessage): FacilityState {
  if (diff.seq <= state.seq) return state;
  const cars = new Map(state.cars);
  for (const id of diff.removed) cars.delete(id);
  for (const car of diff.cars) cars.set(car.id, { car, fieldVersions: uniformFieldVersions(car.version) });
  return {
    facility: diff.facility ?? state.facility,
    shift: diff.shift !== undefined ? diff.shift : state.shift,
    seq: diff.seq,
    cars,
  };
}

export function diffOf(effect: Effect, meta: Pick<DiffMessage, "seq" | "mutationId" | "by" | "at">): DiffMessage {
  const diff: DiffMessage = {
    type: "diff",
    ...meta,
    cars: effect.upserts.map((r) => r.car),
    removed: effect.removed,
  };
  if (effect.facility) diff.facility = effect.facility;
  if (effect.shift) diff.shift = effect.shift.open;
  return diff;
}
