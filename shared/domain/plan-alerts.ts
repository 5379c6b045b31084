import {
  DEFAULT_ALERT_RULES,
  findAlerts,
  type Alert,
  type AlertFinding,
  type AlertInputs,
  type AlertRules,
} from "./alerts";
import { ALERT_RULES } from "./alerts";
import { emptyEffect, type AuditDraft, type FacilityView, type MutationContext, type Plan } from "./plan";

/** What the rules read from a facility's state (the hub's, or a client's for tests). */
export function alertInputs(view: FacilityView): AlertInputs {
  const shift = view.shift;
  return {
    rules: view.facility.alertRules ?? DEFAULT_ALERT_RULES,
    cutoff: shift?.cutoffAt ? { shiftId: shift.id, at: shift.cutoffAt } : null,
    cars: view.listCars().map((r) => r.car),
    doors: view.facility.doors.map((d) => view.getDoor(d)).filter((d) => d.state !== "empty"),
    visits: view.activeVisits(),
  };
}

const status = (a: Alert) => (a.ackedBy ? "acknowledged" : "raised");

function row(a: Pick<Alert, "key" | "car" | "door" | "trailer">, from: string | null, to: string): AuditDraft {
  return { carId: a.car, door: a.door, trailer: a.trailer, field: `alert/${a.key}`, oldValue: from, newValue: to };
}

/**
 * The hub checks its rules: a condition that newly holds is raised, one that no longer holds is cleared, and
 * one that still holds keeps its alert (acknowledged or not), so an acknowledged alert is not raised again.
 */
export function planAlertsCheck(view: FacilityView, ctx: MutationContext): Plan {
  const effect = emptyEffect();
  const { found } = findAlerts(alertInputs(view), Date.parse(ctx.now));
  const { raised, changed, cleared } = alertChanges(view.listAlerts(), found);
  for (const f of raised) {
    effect.alerts.push({ ...f, raisedAt: ctx.now, ackedBy: null, ackedAt: null });
    effect.audit.push(row(f, null, "raised"));
  }
  // The same condition with new figures (fewer cars out, a trailer moved): no new alert, no audit row.
  effect.alerts.push(...changed);
  for (const gone of cleared) {
    effect.alertsCleared.push(gone.key);
    effect.audit.push(row(gone, status(gone), "cleared"));
  }
  return { ok: true, effect };
}

/** What a check would change: conditions newly found, held ones with new figures, and alerts no longer found. */
export function alertChanges(current: readonly Alert[], found: readonly AlertFinding[]) {
  const left = new Map(current.map((a) => [a.key, a]));
  const raised: AlertFinding[] = [];
  const changed: Alert[] = [];
  for (const f of found) {
    const had = left.get(f.key);
    left.delete(f.key);
    if (!had) raised.push(f);
    else if (had.count !== f.count || had.door !== f.door || had.since !== f.since) changed.push({ ...had, ...f });
  }
  return { raised, changed, cleared: [...left.values()] };
}

/** Someone has seen it. An alert already acknowledged, or cleared meanwhile, changes nothing. */
export function planAlertAck(view: FacilityView, key: string, ctx: MutationContext): Plan {
  const effect = emptyEffect();
  const alert = view.listAlerts().find((a) => a.key === key);
  if (!alert || alert.ackedBy) return { ok: true, effect };
  effect.alerts.push({ ...alert, ackedBy: ctx.actor.name, ackedAt: ctx.now });
  effect.audit.push(row(alert, "raised", "acknowledged"));
  return { ok: true, effect };
}

const settingWords = (s: AlertRules[keyof AlertRules]) => (s.on ? `on, ${s.minutes} min` : "off");

export function planSetAlertRules(view: FacilityView, rules: AlertRules): Plan {
  const effect = emptyEffect();
  const before = view.facility.alertRules ?? DEFAULT_ALERT_RULES;
  for (const rule of ALERT_RULES) {
    const from = settingWords(before[rule]);
    const to = settingWords(rules[rule]);
    if (from !== to) effect.audit.push({ carId: "", field: `alert rule/${rule}`, oldValue: from, newValue: to });
  }
  if (effect.audit.length > 0) effect.facility = { ...view.facility, alertRules: rules };
  return { ok: true, effect };
}
