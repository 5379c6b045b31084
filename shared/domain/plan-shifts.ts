import { REFUSALS } from "./board-refusals";
import { applyPatch } from "./rules";
import { doorBoard, type DoorBoardRecord } from "./doors";
import type { Shift } from "./schemas";
import { statsOf } from "./counts";
import type { CarPatch } from "./mutations";
import {
  auditFields,
  emptyEffect,
  reject,
  updatedRecord,
  type Effect,
  type FacilityView,
  type MutationContext,
  type Plan,
} from "./plan";

// A shift's start and end: the one count of a fleet, the stats a shift keeps, and the reset of every car.

const RESET: CarPatch = { arrived: false, late: false, empty: false };

/** Every car back to not arrived, not late, not emptied: the fleet for the next night. */
export function planFleetReset(view: FacilityView, ctx: MutationContext): Plan {
  return { ok: true, effect: resetAll(view, ctx, emptyEffect()) };
}

function resetAll(view: FacilityView, ctx: MutationContext, effect: Effect): Effect {
  for (const rec of view.listCars()) {
    const { next, changed } = applyPatch(rec.car, RESET, ctx.now);
    if (changed.length === 0) continue;
    effect.upserts.push(updatedRecord(rec, next, changed, ctx));
    effect.audit.push(...auditFields(rec.car.id, rec.car, next, changed));
  }
  return effect;
}

export function planShiftStart(view: FacilityView, notes: string, ctx: MutationContext, cutoff?: string): Plan {
  if (view.shift)
    return reject("shift_open", REFUSALS.shiftOpen, {
      by: view.shift.startedBy,
      at: view.shift.startedAt,
    });
  const shift: Shift = {
    id: ctx.seq,
    startedAt: ctx.now,
    startedBy: ctx.actor.name,
    notes,
    endedAt: null,
    endedBy: null,
    endNotes: null,
    stats: null,
    cutoffAt: cutoff ? new Date(cutoff).toISOString() : null,
  };
  const effect = emptyEffect();
  effect.shift = { open: shift };
  effect.audit.push({ carId: "", field: "shift", oldValue: null, newValue: `started #${shift.id}` });
  return { ok: true, effect };
}

export function planShiftEnd(view: FacilityView, notes: string, ctx: MutationContext): Plan {
  const open = view.shift;
  if (!open) return reject("no_shift", REFUSALS.noShift);
  const snapshot = view.listCars().map((r) => r.car);
  const ended: Shift = {
    ...open,
    endedAt: ctx.now,
    endedBy: ctx.actor.name,
    endNotes: notes,
    stats: statsOf(snapshot),
  };
  const effect = emptyEffect();
  effect.shift = { open: null };
  effect.endedShift = { shift: ended, snapshot, doorBoard: doorBoardOf(view, open) };
  effect.audit.push({ carId: "", field: "shift", oldValue: `started #${open.id}`, newValue: `ended #${open.id}` });
  return { ok: true, effect: resetAll(view, ctx, effect) };
}

/** The door board as a shift leaves it; the doors stay as they are (they do not belong to shifts). */
function doorBoardOf(view: FacilityView, shift: Shift): DoorBoardRecord {
  const visits = view.visitsInView();
  const mine = visits.filter((v) => v.dockedAt >= shift.startedAt || (v.departedAt ?? "") >= shift.startedAt);
  return {
    doors: doorBoard(view.facility.doors, (d) => view.getDoor(d)),
    visits,
    stats: {
      docked: mine.filter((v) => v.dockedAt >= shift.startedAt).length,
      unloaded: mine.filter((v) => (v.completedAt ?? "") >= shift.startedAt).length,
      departed: mine.filter((v) => v.status === "departed").length,
      atDoors: visits.filter((v) => v.status !== "departed").length,
    },
  };
}
