import { applyEffect, planMutation, viewOf, type FacilityState, type Mutation } from "../../../shared";

/**
 * What the screen shows: the confirmed server state with every pending mutation
 * applied on top, by the same pure functions the hub uses. A pending change that
 * the hub would refuse simply does not show (its rejection will say why).
 */
export function withPending(confirmed: FacilityState, pending: readonly Mutation[], actorName: string): FacilityState {
  let state = confirmed;
  const now = new Date().toISOString();
  for (const pendingMutation of pending) {
    // Shown as the tapper meant it; whether a stale base loses is the hub's call, and a loss comes back as a reject.
    const m =
      pendingMutation.type === "car.update"
        ? { ...pendingMutation, baseVersion: undefined, strict: false }
        : pendingMutation;
    const plan = planMutation(viewOf(state), m, { actor: { name: actorName, role: "pending" }, now, seq: state.seq });
    if (plan.ok) state = applyEffect(state, plan.effect, state.seq);
  }
  return state;
}
