import {
  applyEffect,
  isCarMutation,
  planCarMutation,
  viewOf,
  type FacilityState,
  type Mutation,
} from "../../../shared";
import type { planMutation } from "../../../shared/domain/plan-any";

/** The planner of every mutation (shared/domain/plan-any.ts), which the first screen goes without. */
export type PlanAny = typeof planMutation;

let planAny: PlanAny | null = null;

/**
 * Loads the planner of shifts, locations, doors and alerts, once. A handheld's first screen plans only its cars'
 * changes; the rest is about 3.5 KiB gzipped it need not wait for. The page names the chunk as a prefetch, so it
 * is in the service worker's cache and loads offline too.
 */
export async function loadPlanAny(): Promise<PlanAny> {
  planAny ??= (await import("../../../shared/domain/plan-any")).planMutation;
  return planAny;
}

export const loadedPlanAny = (): PlanAny | null => planAny;

/**
 * What the screen shows: the confirmed server state with every pending mutation
 * applied on top, by the same pure functions the hub uses. A pending change that
 * the hub would refuse simply does not show (its rejection will say why), and nor does a change that is not a
 * car's until `plan` (the planner of every mutation) has loaded: it shows once the hub confirms it.
 */
export function withPending(
  confirmed: FacilityState,
  pending: readonly Mutation[],
  actorName: string,
  plan: PlanAny | null,
): FacilityState {
  let state = confirmed;
  const now = new Date().toISOString();
  for (const pendingMutation of pending) {
    // Shown as the tapper meant it; whether a stale base loses is the hub's call, and a loss comes back as a reject.
    const m =
      pendingMutation.type === "car.update"
        ? { ...pendingMutation, baseVersion: undefined, strict: false }
        : pendingMutation;
    const ctx = { actor: { name: actorName, role: "pending" as const }, now, seq: state.seq };
    const planned = isCarMutation(m) ? planCarMutation(viewOf(state), m, ctx) : plan?.(viewOf(state), m, ctx);
    if (planned?.ok) state = applyEffect(state, planned.effect, state.seq);
  }
  return state;
}
