import { z } from "../zod";
import type { Car } from "./schemas";
import type { Door, Visit } from "./doors";

/* Alerts the hub raises by itself: what the rules are, what an alert holds, and what is wrong right now. */

/** Each rule once: its default threshold and the smallest one a supervisor may set, in minutes. */
export const ALERT_RULE_DEFS = {
  /** Cars still not in once the shift's cut-off has passed (minutes after the cut-off); one alert per shift. */
  cutoff: { minutes: 0, min: 0 },
  /** A car arrived but not empty. */
  notEmpty: { minutes: 45, min: 1 },
  /** An arrived car standing at one location. */
  standing: { minutes: 240, min: 1 },
  /** A trailer unloading with no progress. */
  stalled: { minutes: 20, min: 1 },
  /** A trailer at a door, whatever its status, until it departs. */
  atDoor: { minutes: 180, min: 1 },
  /** A door expecting a trailer that has not been docked. */
  doorPending: { minutes: 30, min: 1 },
} as const;
export type AlertRule = keyof typeof ALERT_RULE_DEFS;
export const ALERT_RULES = Object.keys(ALERT_RULE_DEFS) as AlertRule[];
export const AlertRuleSchema = z.enum(ALERT_RULES as [AlertRule, ...AlertRule[]]);

const MINUTES_MAX = 24 * 60;
const settingSchema = (min: number) =>
  z.strictObject({
    on: z.boolean(),
    minutes: z
      .number()
      .check(
        z.int("minutes are a whole number"),
        z.gte(min, `at least ${min} minutes`),
        z.lte(MINUTES_MAX, `at most ${MINUTES_MAX} minutes`),
      ),
  });
export type AlertSetting = { on: boolean; minutes: number };

export const AlertRulesSchema = z.strictObject(
  Object.fromEntries(ALERT_RULES.map((r) => [r, settingSchema(ALERT_RULE_DEFS[r].min)])) as Record<
    AlertRule,
    ReturnType<typeof settingSchema>
  >,
);
export type AlertRules = Record<AlertRule, AlertSetting>;

export const DEFAULT_ALERT_RULES: AlertRules = Object.fromEntries(
  ALERT_RULES.map((r) => [r, { on: true, minutes: ALERT_RULE_DEFS[r].minutes }]),
) as AlertRules;

export const AlertSchema = z.object({
  /** `<rule>:<subject>`: the same condition always has the same key, so it is raised once. */
  key: z.string(),
  rule: AlertRuleSchema,
  /** The car, door and trailer it is about ("" when none). */
  car: z.string(),
  door: z.string(),
  trailer: z.string(),
  /** How many cars (the cut-off); 1 otherwise. */
  count: z.int(),
  /** When the condition's clock started: the cut-off, the arrival, the last progress... */
  since: z.string(),
  raisedAt: z.string(),
  ackedBy: z.nullable(z.string()),
  ackedAt: z.nullable(z.string()),
});
export type Alert = z.infer<typeof AlertSchema>;
/** What the rules find; the hub adds when it was raised and who acknowledged it. */
export type AlertFinding = Omit<Alert, "raisedAt" | "ackedBy" | "ackedAt">;

/** What the rules read: the open shift's cut-off, the cars, the doors that are not empty and the active visits. */
export interface AlertInputs {
  rules: AlertRules;
  cutoff: { shiftId: number; at: string } | null;
  cars: readonly Car[];
  doors: readonly Door[];
  visits: readonly Visit[];
}

const MIN = 60_000;

/**
 * Every condition that holds at `now`, and when the next one could start to hold if nothing changes (so the
 * scheduler wakes then, not on a timer per car).
 */
export function findAlerts(inputs: AlertInputs, now: number): { found: AlertFinding[]; nextAt: number | null } {
  const found: AlertFinding[] = [];
  let nextAt: number | null = null;
  const { rules } = inputs;
  /** The condition holds from `since` plus the rule's minutes; `subject` makes its key. */
  const check = (rule: AlertRule, since: string | null, subject: string, about: Partial<AlertFinding> = {}) => {
    const setting = rules[rule];
    if (!setting.on || !since) return;
    const at = Date.parse(since) + setting.minutes * MIN;
    if (Number.isNaN(at)) return;
    if (at > now) {
      nextAt = nextAt === null ? at : Math.min(nextAt, at);
      return;
    }
    found.push({ key: `${rule}:${subject}`, rule, since, car: "", door: "", trailer: "", count: 1, ...about });
  };

  if (inputs.cutoff) {
    // One alert for the shift, not one per car; its count follows the floor until every car is in.
    const out = inputs.cars.filter((c) => !c.arrived).length;
    if (out > 0) check("cutoff", inputs.cutoff.at, String(inputs.cutoff.shiftId), { count: out });
  }
  for (const car of inputs.cars) {
    if (!car.arrived) continue;
    if (!car.empty) check("notEmpty", car.arrivedAt, car.id, { car: car.id });
    check("standing", later(car.arrivedAt, car.movedAt ?? null), car.id, { car: car.id });
  }
  for (const v of inputs.visits) {
    if (v.status === "departed") continue;
    const about = { door: v.door, trailer: v.trailer };
    if (v.status === "unloading") check("stalled", v.progressAt ?? v.startedAt ?? v.dockedAt, v.visitId, about);
    check("atDoor", v.dockedAt, v.visitId, about);
  }
  for (const d of inputs.doors) {
    if (d.state === "pending") check("doorPending", d.since ?? null, d.door, { door: d.door });
  }
  return { found, nextAt };
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
