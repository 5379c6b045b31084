import type { Alert } from "./alerts";
import { PROTOCOL_VERSION, type DiffMessage, type SnapshotMessage } from "../protocol";
import type { Effect, FacilityView } from "./plan";
import type { Facility, Shift } from "./schemas";
import { uniformFieldVersions, type CarRecord } from "./rules";
import { doorBoard, emptyDoor, visitInView, type Door, type Visit } from "./doors";

/** A whole facility in memory: what a client holds, and what tests compare against the hub. */
export interface FacilityState {
  facility: Facility;
  shift: Shift | null;
  seq: number;
  cars: Map<string, CarRecord>;
  /** Doors that are not empty (an absent door is empty). */
  doors: Map<string, Door>;
  /** The visits in view (visitInView). */
  visits: Map<string, Visit>;
  /** Active alerts by key. */
  alerts: Map<string, Alert>;
}

export function viewOf(state: FacilityState): FacilityView {
  return {
    facility: state.facility,
    shift: state.shift,
    getCar: (id) => state.cars.get(id),
    listCars: () => [...state.cars.values()],
    getDoor: (door) => state.doors.get(door) ?? emptyDoor(door),
    getVisit: (id) => state.visits.get(id),
    activeVisits: () => [...state.visits.values()].filter((v) => v.status !== "departed"),
    visitsInView: () => sortedVisits(state.visits),
    listAlerts: () => sortedAlerts(state.alerts),
  };
}

/** Binary order of visit ids, as SQLite's `ORDER BY` gives it, so both sides list visits alike. */
export function sortedVisits(visits: Map<string, Visit>): Visit[] {
  return [...visits.values()].sort((a, b) => (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0));
}

/** Alerts by key in binary order, as the hub's store lists them. */
export function sortedAlerts(alerts: Map<string, Alert>): Alert[] {
  return [...alerts.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function putAlerts(alerts: Map<string, Alert>, changed: readonly Alert[], cleared: readonly string[]) {
  if (changed.length === 0 && cleared.length === 0) return alerts;
  const next = new Map(alerts);
  for (const a of changed) next.set(a.key, a);
  for (const key of cleared) next.delete(key);
  return next;
}

function putDoors(doors: Map<string, Door>, changed: readonly Door[]): Map<string, Door> {
  if (changed.length === 0) return doors;
  const next = new Map(doors);
  for (const d of changed) {
    if (d.state === "empty") next.delete(d.door);
    else next.set(d.door, d);
  }
  return next;
}

/** Visits after a change, keeping only those in view under the shift that follows it. */
function putVisits(visits: Map<string, Visit>, changed: readonly Visit[], shift: Shift | null): Map<string, Visit> {
  const next = new Map(visits);
  for (const v of changed) next.set(v.visitId, v);
  for (const [id, v] of next) if (!visitInView(v, shift)) next.delete(id);
  return next;
}

export function applyEffect(state: FacilityState, effect: Effect, seq: number): FacilityState {
  const cars = new Map(state.cars);
  for (const id of effect.removed) cars.delete(id);
  for (const rec of effect.upserts) cars.set(rec.car.id, rec);
  const shift = effect.shift ? effect.shift.open : state.shift;
  return {
    facility: effect.facility ?? state.facility,
    shift,
    seq,
    cars,
    doors: putDoors(state.doors, effect.doors),
    visits: putVisits(state.visits, effect.visits, shift),
    alerts: putAlerts(state.alerts, effect.alerts, effect.alertsCleared),
  };
}

export function stateFromSnapshot(s: SnapshotMessage): FacilityState {
  const cars = new Map<string, CarRecord>();
  for (const car of s.cars) cars.set(car.id, { car, fieldVersions: uniformFieldVersions(car.version) });
  return {
    facility: s.facility,
    shift: s.shift,
    seq: s.seq,
    cars,
    doors: putDoors(new Map(), s.doors),
    visits: new Map(s.visits.map((v) => [v.visitId, v])),
    alerts: new Map(s.alerts.map((a) => [a.key, a])),
  };
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
    doors: doorBoard(state.facility.doors, (d) => state.doors.get(d)),
    visits: sortedVisits(state.visits),
    alerts: sortedAlerts(state.alerts),
  };
}

/** Applies a diff from the hub; diffs at or below the state's seq are already in it. */
export function applyDiff(state: FacilityState, diff: DiffMessage): FacilityState {
  if (diff.seq <= state.seq) return state;
  const cars = new Map(state.cars);
  for (const id of diff.removed) cars.delete(id);
  for (const car of diff.cars) cars.set(car.id, { car, fieldVersions: uniformFieldVersions(car.version) });
  const shift = diff.shift !== undefined ? diff.shift : state.shift;
  return {
    facility: diff.facility ?? state.facility,
    shift,
    seq: diff.seq,
    cars,
    doors: putDoors(state.doors, diff.doors ?? []),
    visits: putVisits(state.visits, diff.visits ?? [], shift),
    alerts: putAlerts(state.alerts, diff.alerts ?? [], diff.alertsCleared ?? []),
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
  if (effect.doors.length > 0) diff.doors = effect.doors;
  if (effect.visits.length > 0) diff.visits = effect.visits;
  if (effect.alerts.length > 0) diff.alerts = effect.alerts;
  if (effect.alertsCleared.length > 0) diff.alertsCleared = effect.alertsCleared;
  return diff;
}
