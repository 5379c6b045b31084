import { REFUSALS } from "./board-refusals";
import {
  auditFields,
  emptyEffect,
  reject,
  updatedRecord,
  type FacilityView,
  type MutationContext,
  type Plan,
} from "./plan";
import { applyPatch } from "./rules";
import { emptyDoor } from "./doors";

/** Add, reorder and remove; a location with cars standing at it cannot be removed. */
export function planSetLocations(view: FacilityView, locations: string[]): Plan {
  const dropped = new Set(view.facility.locations.filter((l) => !locations.includes(l)));
  const standing = view.listCars().filter((r) => dropped.has(r.car.location));
  if (standing.length > 0) {
    const where = [...new Set(standing.map((r) => r.car.location))].join(", ");
    const cars = standing
      .map((r) => r.car.id)
      .slice(0, 10)
      .join(", ");
    return reject("location_in_use", REFUSALS.carsStand, { where, cars });
  }
  const effect = emptyEffect();
  const before = view.facility.locations.join("|");
  if (before === locations.join("|")) return { ok: true, effect };
  effect.facility = { ...view.facility, locations };
  effect.audit.push({ carId: "", field: "locations", oldValue: before, newValue: locations.join("|") });
  return { ok: true, effect };
}

/** A new name in the same place in the list; the cars standing there move with it, in the same change. */
export function planRenameLocation(view: FacilityView, from: string, to: string, ctx: MutationContext): Plan {
  const locations = view.facility.locations;
  if (!locations.includes(from)) {
    return reject("invalid_location", REFUSALS.locationUnknown, {
      location: from,
      locations: locations.join(", "),
    });
  }
  const effect = emptyEffect();
  if (from === to) return { ok: true, effect };
  if (locations.includes(to)) return reject("already_exists", REFUSALS.locationExists, { location: to });
  const next = locations.map((l) => (l === from ? to : l));
  effect.facility = { ...view.facility, locations: next };
  effect.audit.push({ carId: "", field: "locations", oldValue: locations.join("|"), newValue: next.join("|") });
  for (const rec of view.listCars()) {
    if (rec.car.location !== from) continue;
    const { next: car, changed } = applyPatch(rec.car, { location: to }, ctx.now);
    effect.upserts.push(updatedRecord(rec, car, changed, ctx));
    effect.audit.push(...auditFields(rec.car.id, rec.car, car, changed));
  }
  return { ok: true, effect };
}

/** Add, reorder and remove dock doors; a door with a trailer on it cannot be removed. */
export function planSetDoors(view: FacilityView, doors: string[]): Plan {
  const dropped = view.facility.doors.filter((d) => !doors.includes(d));
  const held = dropped.filter((d) => view.getDoor(d).state === "occupied");
  if (held.length > 0) {
    const which = held.map((d) => `door ${d} (trailer ${view.getVisit(view.getDoor(d).visitId!)?.trailer ?? "?"})`);
    return reject("door_in_use", REFUSALS.trailersStand, { doors: which.join(", ") });
  }
  const effect = emptyEffect();
  const before = view.facility.doors.join("|");
  if (before === doors.join("|")) return { ok: true, effect };
  effect.facility = { ...view.facility, doors };
  // A removed door that was expecting a trailer is simply gone; its stored state goes with it.
  effect.doors = dropped.filter((d) => view.getDoor(d).state !== "empty").map((d) => emptyDoor(d));
  effect.audit.push({ carId: "", field: "doors", oldValue: before, newValue: doors.join("|") });
  return { ok: true, effect };
}

/** An operator's rename or archive: the facility row changes, audited like a location change. */
export function planOperate(
  view: FacilityView,
  m: { type: "facility.rename"; name: string } | { type: "facility.archive"; archived: boolean },
): Plan {
  const effect = emptyEffect();
  const f = view.facility;
  if (m.type === "facility.rename") {
    if (f.name === m.name) return { ok: true, effect };
    effect.facility = { ...f, name: m.name };
    effect.audit.push({ carId: "", field: "name", oldValue: f.name, newValue: m.name });
    return { ok: true, effect };
  }
  if ((f.archived ?? false) === m.archived) return { ok: true, effect };
  const { archived: _was, ...rest } = f;
  effect.facility = m.archived ? { ...rest, archived: true } : rest;
  effect.audit.push({ carId: "", field: "archived", oldValue: String(!m.archived), newValue: String(m.archived) });
  return { ok: true, effect };
}
