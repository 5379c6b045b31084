import type { Alert } from "./alerts";
import type { Actor, Car, Facility, Shift } from "./schemas";
import type { CarPatch, ImportRow, Mutation, PatchField } from "./mutations";
import { PATCH_FIELDS } from "./mutations";
import { unreachable } from "../parse";
import type { Door, DoorBoardRecord, Visit } from "./doors";
import { applyPatch, auditValue, blankCar, type CarRecord, type FieldVersions } from "./rules";
import { CAR_REFUSALS, reject, type Rejection } from "./refusal";

export { countCars, statsOf } from "./counts";

/** Read access to a facility's current state; the server backs it with SQLite, the client with memory. */
export interface FacilityView {
  readonly facility: Facility;
  readonly shift: Shift | null;
  getCar(id: string): CarRecord | undefined;
  listCars(): CarRecord[];
  /** A door's state; a door with none stored is empty. */
  getDoor(door: string): Door;
  /** Any visit this side knows, departed ones included. */
  getVisit(id: string): Visit | undefined;
  /** Every visit not departed. */
  activeVisits(): Visit[];
  /** What the board shows (visitInView): for a shift's stored door board. */
  visitsInView(): Visit[];
  /** Alerts raised and not cleared. */
  listAlerts(): Alert[];
}

export interface MutationContext {
  actor: Actor;
  now: string;
  /** The facility sequence number this mutation gets if it changes anything. */
  seq: number;
}

export interface AuditDraft {
  /** "" for facility-level rows (shifts, locations) and door-board rows. */
  carId: string;
  /** A door-board row's door and trailer ("" when none). */
  door?: string;
  trailer?: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface Effect {
  upserts: CarRecord[];
  removed: string[];
  /** The facility after the change, when it changed. */
  facility: Facility | null;
  /** The open shift after the change, when it changed (null inside = no shift open). */
  shift: { open: Shift | null } | null;
  /** A shift this mutation ended, with the fleet as it stood before the reset, and the door board. */
  endedShift: { shift: Shift; snapshot: Car[]; doorBoard: DoorBoardRecord } | null;
  /** Doors whose state changed (an empty one's stored state is dropped). */
  doors: Door[];
  /** Visits added or changed. */
  visits: Visit[];
  /** Alerts raised or changed (acknowledged, new figures). */
  alerts: Alert[];
  /** Keys of alerts the hub cleared. */
  alertsCleared: string[];
  audit: AuditDraft[];
}

export type Plan = { ok: true; effect: Effect } | Rejection;
export { reject, type Rejection, type RefusalWords } from "./refusal";

export function emptyEffect(): Effect {
  return {
    upserts: [],
    removed: [],
    facility: null,
    shift: null,
    endedShift: null,
    doors: [],
    visits: [],
    alerts: [],
    alertsCleared: [],
    audit: [],
  };
}

export function isNoop(effect: Effect): boolean {
  return (
    effect.upserts.length === 0 &&
    effect.removed.length === 0 &&
    effect.facility === null &&
    effect.shift === null &&
    effect.endedShift === null &&
    effect.doors.length === 0 &&
    effect.visits.length === 0 &&
    effect.alerts.length === 0 &&
    effect.alertsCleared.length === 0 &&
    effect.audit.length === 0
  );
}

/** The mutations of the cars themselves: all a crew handheld sends, and all its first screen plans. */
export type CarMutation = Extract<Mutation, { type: "car.add" | "car.update" | "car.remove" | "fleet.import" }>;

export function isCarMutation(m: Mutation): m is CarMutation {
  return m.type === "car.add" || m.type === "car.update" || m.type === "car.remove" || m.type === "fleet.import";
}

/** Decides what a car mutation does to the current state, without changing it (the rest: plan-any.ts). */
export function planCarMutation(view: FacilityView, m: CarMutation, ctx: MutationContext): Plan {
  switch (m.type) {
    case "car.add":
      return planAdd(view, m, ctx);
    case "car.update":
      return planUpdate(view, m, ctx);
    case "car.remove":
      return planRemove(view, m);
    case "fleet.import":
      return planImport(view, m.cars, ctx);
    default:
      return unreachable(m, "mutation");
  }
}

/** `row`: the import's row number and car, which the refusal then names. */
function checkLocation(view: FacilityView, location: string | undefined, row?: { row: number; car: string }) {
  if (location === undefined || view.facility.locations.includes(location)) return null;
  const known = { location, locations: view.facility.locations.join(", ") };
  if (!row) return reject("invalid_location", CAR_REFUSALS.locationUnknown, known);
  return reject("invalid_location", CAR_REFUSALS.rowLocationUnknown, { ...row, ...known });
}

export function updatedRecord(rec: CarRecord, next: Car, changed: PatchField[], ctx: MutationContext): CarRecord {
  const version = rec.car.version + 1;
  const fieldVersions: FieldVersions = { ...rec.fieldVersions };
  for (const f of changed) fieldVersions[f] = version;
  return {
    car: { ...next, version, updatedAt: ctx.now, updatedBy: ctx.actor.name },
    fieldVersions,
  };
}

export function auditFields(
  carId: string,
  before: Car | null,
  after: Car,
  fields: readonly PatchField[],
): AuditDraft[] {
  return fields.map((f) => ({
    carId,
    field: f,
    oldValue: before ? auditValue(before[f]) : null,
    newValue: auditValue(after[f]),
  }));
}

function newCar(view: FacilityView, row: Omit<ImportRow, "id">, id: string, ctx: MutationContext): CarRecord {
  const base = blankCar(id, row.location ?? view.facility.locations[0]!, ctx.now, ctx.actor.name);
  const { next } = applyPatch(base, rowPatch(row), ctx.now);
  return { car: { ...next, version: 1 }, fieldVersions: { location: 1, arrived: 1, late: 1, empty: 1, notes: 1 } };
}

function rowPatch(row: Omit<ImportRow, "id">): CarPatch {
  const patch: CarPatch = {};
  for (const f of PATCH_FIELDS) if (row[f] !== undefined) Object.assign(patch, { [f]: row[f] });
  return patch;
}

function addedAudit(rec: CarRecord): AuditDraft[] {
  const fields = PATCH_FIELDS.filter((f) => f === "location" || rec.car[f] !== blankCar("", "", "", "")[f]);
  return auditFields(rec.car.id, null, rec.car, fields);
}

function planAdd(view: FacilityView, m: Extract<Mutation, { type: "car.add" }>, ctx: MutationContext): Plan {
  const existing = view.getCar(m.carId);
  if (existing) return reject("already_exists", CAR_REFUSALS.carExists, { car: m.carId }, existing.car);
  const bad = checkLocation(view, m.location);
  if (bad) return bad;
  const rec = newCar(view, m, m.carId, ctx);
  const effect = emptyEffect();
  effect.upserts.push(rec);
  effect.audit.push(...addedAudit(rec));
  return { ok: true, effect };
}

function planUpdate(view: FacilityView, m: Extract<Mutation, { type: "car.update" }>, ctx: MutationContext): Plan {
  const rec = view.getCar(m.carId);
  if (!rec) return reject("not_found", CAR_REFUSALS.carMissing, { car: m.carId });
  const bad = checkLocation(view, m.patch.location);
  if (bad) return bad;
  if (m.baseVersion !== undefined && m.baseVersion < rec.car.version) {
    if (m.strict) {
      const at = { car: m.carId, version: rec.car.version, base: m.baseVersion };
      return reject("conflict", CAR_REFUSALS.carAtVersion, at, rec.car);
    }
    // Field-level: a stale write only loses if a field it sets was changed since, to another value.
    const lost = PATCH_FIELDS.filter(
      (f) => m.patch[f] !== undefined && rec.fieldVersions[f] > m.baseVersion! && rec.car[f] !== m.patch[f],
    );
    if (lost.length > 0) {
      const what = { car: m.carId, fields: lost.join(", "), base: m.baseVersion };
      return reject("conflict", CAR_REFUSALS.carFieldsChanged, what, rec.car);
    }
  } else if (m.baseVersion !== undefined && m.baseVersion > rec.car.version) {
    const at = { car: m.carId, base: m.baseVersion, version: rec.car.version };
    return reject("conflict", CAR_REFUSALS.carNoVersion, at, rec.car);
  }
  const { next, changed } = applyPatch(rec.car, m.patch, ctx.now);
  const effect = emptyEffect();
  if (changed.length === 0) return { ok: true, effect };
  effect.upserts.push(updatedRecord(rec, next, changed, ctx));
  effect.audit.push(...auditFields(m.carId, rec.car, next, changed));
  return { ok: true, effect };
}

function planRemove(view: FacilityView, m: Extract<Mutation, { type: "car.remove" }>): Plan {
  const rec = view.getCar(m.carId);
  if (!rec) return reject("not_found", CAR_REFUSALS.carMissing, { car: m.carId });
  if (m.baseVersion !== undefined && m.baseVersion !== rec.car.version) {
    return reject("conflict", CAR_REFUSALS.carChanged, { car: m.carId, base: m.baseVersion }, rec.car);
  }
  const effect = emptyEffect();
  effect.removed.push(m.carId);
  effect.audit.push({ carId: m.carId, field: "car", oldValue: rec.car.location, newValue: null });
  return { ok: true, effect };
}

function planImport(view: FacilityView, rows: ImportRow[], ctx: MutationContext): Plan {
  const effect = emptyEffect();
  for (const [i, row] of rows.entries()) {
    const bad = checkLocation(view, row.location, { row: i + 1, car: row.id });
    if (bad) return bad;
    if (row.empty === true && row.arrived === false) {
      return reject("invalid_message", CAR_REFUSALS.rowEmptyNotArrived, {
        row: i + 1,
        car: row.id,
      });
    }
    const existing = view.getCar(row.id);
    if (!existing) {
      const rec = newCar(view, row, row.id, ctx);
      effect.upserts.push(rec);
      effect.audit.push(...addedAudit(rec));
      continue;
    }
    const { next, changed } = applyPatch(existing.car, rowPatch(row), ctx.now);
    if (changed.length === 0) continue;
    effect.upserts.push(updatedRecord(existing, next, changed, ctx));
    effect.audit.push(...auditFields(row.id, existing.car, next, changed));
  }
  return { ok: true, effect };
}
