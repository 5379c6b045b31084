import type { Mutation } from "./mutations";
import { unreachable } from "../parse";
import { emptyEffect, planCarMutation, type FacilityView, type MutationContext, type Plan } from "./plan";
import { planAlertAck, planAlertsCheck, planSetAlertRules } from "./plan-alerts";
import { planCutoff } from "./plan-cutoff";
import { planDoorMutation } from "./plan-doors";
import { planOperate, planRenameLocation, planSetDoors, planSetLocations } from "./plan-locations";
import { planFleetReset, planShiftEnd, planShiftStart } from "./plan-shifts";

// Apart from plan.ts so that a handheld's first screen, which plans only its cars' changes, does not carry the
// planners of shifts, locations, doors and alerts (about 3.5 KiB gzipped): web/src/store/derive.ts loads this
// after the first board. The hub plans everything through here.

/** Decides what a mutation does to the current state, without changing it. */
export function planMutation(view: FacilityView, m: Mutation, ctx: MutationContext): Plan {
  switch (m.type) {
    case "car.add":
    case "car.update":
    case "car.remove":
    case "fleet.import":
      return planCarMutation(view, m, ctx);
    case "fleet.reset":
      return planFleetReset(view, ctx);
    case "shift.start":
      return planShiftStart(view, m.notes ?? "", ctx, m.cutoff);
    case "shift.cutoff":
      return planCutoff(view, m.shiftId, ctx);
    case "shift.end":
      return planShiftEnd(view, m.notes ?? "", ctx);
    case "facility.setLocations":
      return planSetLocations(view, m.locations);
    case "facility.renameLocation":
      return planRenameLocation(view, m.from, m.to, ctx);
    case "facility.setDoors":
      return planSetDoors(view, m.doors);
    case "door.dock":
    case "visit.start":
    case "visit.progress":
    case "visit.finish":
    case "visit.depart":
    case "visit.move":
    case "visit.fixInitial":
    case "visit.note":
    case "door.set":
    case "doors.verify":
      return planDoorMutation(view, m, ctx);
    case "alerts.check":
      return planAlertsCheck(view, ctx);
    case "alert.ack":
      return planAlertAck(view, m.key, ctx);
    case "facility.setAlertRules":
      return planSetAlertRules(view, m.rules);
    case "facility.rename":
    case "facility.archive":
      return planOperate(view, m);
    case "access.rotate": {
      // Nothing on the board changes; the change is the audit row (and a facility version, so it is ordered).
      const effect = emptyEffect();
      effect.audit.push({ carId: "", field: `${m.role} code`, oldValue: null, newValue: `replaced (#${m.gen})` });
      return { ok: true, effect };
    }
    default:
      return unreachable(m, "mutation");
  }
}
