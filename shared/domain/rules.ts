import type { Car } from "./schemas";
import type { CarPatch, PatchField } from "./mutations";
import { PATCH_FIELDS } from "./mutations";

/** Per field, the car version at which that field last changed (for field-level concurrency). */
export type FieldVersions = Record<PatchField, number>;

export interface CarRecord {
  car: Car;
  fieldVersions: FieldVersions;
}

// One collator for every list of cars: `localeCompare` makes one a call (a slow handheld spent 40 ms of its
// first board sorting 2,000 cars that way); the order is the same.
const CAR_ORDER = new Intl.Collator();

/** The order cars are listed in everywhere: the board, the wall, the history, the CSV. */
export function byCarId(a: { id: string }, b: { id: string }): number {
  return CAR_ORDER.compare(a.id, b.id);
}

export function uniformFieldVersions(version: number): FieldVersions {
  return { location: version, arrived: version, late: version, empty: version, notes: version };
}

/**
 * Applies a patch under the domain rules: empty implies arrived, un-arriving
 * clears empty, and an empty car is never late. Timestamps follow the flags.
 * Returns the fields whose values actually changed (explicit and derived).
 */
export function applyPatch(car: Car, patch: CarPatch, now: string): { next: Car; changed: PatchField[] } {
  const next: Car = { ...car };
  if (patch.location !== undefined && patch.location !== car.location) {
    next.location = patch.location;
    next.movedAt = now;
  }
  if (patch.notes !== undefined) next.notes = patch.notes;
  if (patch.late !== undefined) next.late = patch.late;
  if (patch.arrived !== undefined) {
    next.arrived = patch.arrived;
    if (!patch.arrived) next.empty = false;
  }
  if (patch.empty !== undefined) {
    next.empty = patch.empty;
    if (patch.empty) next.arrived = true;
  }
  if (next.empty) next.late = false;
  next.arrivedAt = next.arrived ? (car.arrived ? car.arrivedAt : now) : null;
  next.emptyAt = next.empty ? (car.empty ? car.emptyAt : now) : null;
  const changed = PATCH_FIELDS.filter((f) => next[f] !== car[f]);
  return { next, changed };
}

export function blankCar(id: string, location: string, now: string, by: string): Car {
  return {
    id,
    location,
    arrived: false,
    late: false,
    empty: false,
    notes: "",
    arrivedAt: null,
    emptyAt: null,
    version: 0,
    updatedAt: now,
    updatedBy: by,
  };
}

/** A car as the old tracker reported its status word, used by exports and stats. */
export function statusOf(car: Car): "Empty" | "Arrived" | "Late" | "Pending" {
  if (car.empty) return "Empty";
  if (car.arrived) return "Arrived";
  if (car.late) return "Late";
  return "Pending";
}

export function auditValue(value: string | boolean | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "boolean" ? String(value) : value;
}
