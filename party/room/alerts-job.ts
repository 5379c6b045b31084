import { alertInputs, findAlerts, type Actor, type FacilityView, type Mutation } from "../../shared";
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
  #dueAt: number | null;

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
    this.#delayMs = opts.delayMs ?? CHECK_DELAY_MS;
    // After a restart nothing in memory says when a rule comes due: check once, which finds out.
    this.#dueAt = opts.clock.now();
  }

  /** Something changed: check again soon, unless a check is due sooner. */
  touch(): void {
    this.#soon(this.#clock.now() + this.#delayMs);
  }

  due(): number | null {
    return this.#dueAt;
  }

  run(now: number): void {
    this.#dueAt = null;
    if (!this.#view()) return;
    this.#apply({ type: "alerts.check", mutationId: crypto.randomUUID() }, this.#who);
    const view = this.#view();
    const next = view ? findAlerts(alertInputs(view), now).nextAt : null;
    if (next !== null) this.#soon(next);
  }

  #soon(at: number): void {
    if (this.#dueAt === null || at < this.#dueAt) this.#dueAt = at;
  }
}
