import { findAlerts, type Actor, type FacilityView, type Mutation } from "../../shared";
import { alertChanges, alertInputs } from "../../shared/domain/plan-alerts";
import type { Clock } from "./clock";
import type { Job } from "./scheduler";

/** A burst of taps is checked once, this long after the first of them. */
const CHECK_DELAY_MS = 1000;

/**
 * The alert rules, checked by the hub on the one alarm: soon after any change (a car arriving clears "not in
 * at the cut-off"), and at the next moment a condition could start to hold if nothing changes (a car's 45
 * minutes run out). Never a timer per car: one due time, the earliest.
 */
export class AlertsJob implements Job {
  readonly name = "alert rules";
  #view: () => FacilityView | null;
  #apply: (m: Mutation, who: Actor) => void;
  #clock: Clock;
  #delayMs: number;
  #who: Actor;
  /** A change asked for a check (it waits only to batch a burst, so it rides any earlier ring). */
  #touchedAt: number | null;
  /** When the next condition could start to hold if nothing changes. */
  #nextAt: number | null = null;

  constructor(opts: {
    view: () => FacilityView | null;
    apply: (m: Mutation, who: Actor) => void;
    clock: Clock;
    who: Actor;
    delayMs?: number | undefined;
  }) {
    this.#view = opts.view;
    this.#apply = opts.apply;
    this.#clock = opts.clock;
    this.#who = opts.who;
    this.#delayMs = opts.delayMs !== undefined && opts.delayMs >= 0 ? opts.delayMs : CHECK_DELAY_MS;
    // After a restart nothing in memory says when a rule comes due: check once, which finds out.
    this.#touchedAt = opts.clock.now();
  }

  /** Something changed: check again soon, unless a check is already waiting. */
  touch(): void {
    this.#touchedAt ??= this.#clock.now() + this.#delayMs;
  }

  get early(): boolean {
    return this.#touchedAt !== null;
  }

  due(): number | null {
    const [a, b] = [this.#touchedAt, this.#nextAt];
    return a === null ? b : b === null ? a : Math.min(a, b);
  }

  run(now: number): void {
    this.#touchedAt = null;
    const view = this.#view();
    if (!view) return void (this.#nextAt = null);
    // The rules are read once: when nothing would change (most checks after a tap), no mutation is applied, so
    // no idempotency record or change-log row is written for nothing; the same reading gives the next due time.
    const { found, nextAt } = findAlerts(alertInputs(view), now);
    const { raised, changed, cleared } = alertChanges(view.listAlerts(), found);
    this.#nextAt = nextAt;
    if (raised.length + changed.length + cleared.length === 0) return;
    this.#apply({ type: "alerts.check", mutationId: crypto.randomUUID() }, this.#who);
  }
}
