import { auditFields, emptyEffect, updatedRecord, type FacilityView, type MutationContext, type Plan } from "./plan";
import { applyPatch } from "./rules";

/**
 * The shift's cut-off has passed: every car not arrived and not already late is
 * flagged late. A shift that has ended (or another that opened) meanwhile is left alone.
 */
export function planCutoff(view: FacilityView, shiftId: number, ctx: MutationContext): Plan {
  const effect = emptyEffect();
  if (!view.shift || view.shift.id !== shiftId) return { ok: true, effect };
  for (const rec of view.listCars()) {
    if (rec.car.arrived || rec.car.late) continue;
    const { next, changed } = applyPatch(rec.car, { late: true }, ctx.now);
    if (changed.length === 0) continue;
    effect.upserts.push(updatedRecord(rec, next, changed, ctx));
    effect.audit.push(...auditFields(rec.car.id, rec.car, next, changed));
  }
  return { ok: true, effect };
}
