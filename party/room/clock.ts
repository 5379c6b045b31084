/** Cancels a timer set through a Clock. */
export type Cancel = () => void;

/**
 * Where the room reads time and sets its short timers (presence coalescing). The Durable Object passes the
 * system clock; tests pass a ManualClock and advance it, so no test sleeps to let time pass.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

interface Timer {
  at: number;
  order: number;
  fn: () => unknown;
}

/** A clock that moves only when told; its timers (and an alarm set on it) fire in time order as it moves. */
export class ManualClock implements Clock {
  #now: number;
  #timers = new Set<Timer>();
  #order = 0;

  constructor(start: number | string = "2026-11-30T20:00:00.000Z") {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => unknown, ms: number): Cancel {
    const timer = { at: this.#now + Math.max(0, ms), order: this.#order++, fn };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (awaiting async ones). */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const next = [...this.#timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      await next.fn();
    }
    this.#now = end;
  }

  /** Moves time to an absolute instant (never backwards). */
  advanceTo(at: number | string): Promise<void> {
    const target = typeof at === "number" ? at : Date.parse(at);
    return this.advance(Math.max(0, target - this.#now));
  }
}
