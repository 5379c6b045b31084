import { LIMITS } from "../../shared";
import type { Clock } from "./clock";

/**
 * Long polls waiting for the next change. A held request keeps the hub awake (no hibernation while one is
 * open), so their number is capped: past the cap a poll is answered at once, as a plain 5 s poll would be.
 */
export class HeldPolls {
  #clock: Clock;
  #waiting = new Set<() => void>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Resolves at the next `changed()`, or after `ms`. */
  next(ms: number): Promise<void> {
    if (this.#waiting.size >= LIMITS.heldPollsMax) return Promise.resolve();
    return new Promise((resolve) => {
      const answer = () => {
        cancel();
        this.#waiting.delete(answer);
        resolve();
      };
      const cancel = this.#clock.setTimeout(answer, ms);
      this.#waiting.add(answer);
    });
  }

  /** A change committed: every held poll is answered. */
  changed(): void {
    for (const answer of [...this.#waiting]) answer();
  }
}
