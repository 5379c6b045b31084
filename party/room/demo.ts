import { SHIFT_PLAYED, demoHistory } from "../../shared";
import type { FacilityHub } from "../hub/facility-hub";

/** The demo's past nights, played through the hub at their own times before anyone connects. */
export function playDemoHistory(hub: FacilityHub, now: number, nights: number): void {
  for (const step of demoHistory(now, nights)) {
    const m = step.mutation;
    const shiftId = hub.openShift?.id;
    if (m.type === "shift.cutoff" && m.shiftId === SHIFT_PLAYED && shiftId === undefined) continue;
    const played = m.type === "shift.cutoff" && m.shiftId === SHIFT_PLAYED ? { ...m, shiftId: shiftId! } : m;
    hub.apply(played, step.actor, new Date(step.at));
  }
}
