import type { Clock } from "./clock";

/**
 * The host's one alarm. A Durable Object has exactly one; it survives eviction and restarts, and the runtime
 * calls the room's `alarm()` when it rings.
 */
export interface AlarmPort {
  get(): Promise<number | null>;
  /** Replaces the alarm; the in-memory twin takes it before returning, as a Durable Object's output gate does. */
  set(at: number): Promise<void>;
}

/** Timed work that shares the alarm: the audit flush, a shift's cut-off, later the alert rules. */
export interface Job {
  readonly name: string;
  /** When it next wants to run (epoch ms), or null when it has nothing to do. */
  due(): number | null;
  /** Runs on any ring while it has work, even before its time: a flush that waits only to batch taps. */
  readonly early?: boolean;
  run(now: number): void | Promise<void>;
}

/**
 * One scheduler over the one alarm. Jobs say when they are due; the scheduler keeps the alarm at the
 * earliest of them. It only ever moves the alarm earlier: a ring with nothing due costs one wake-up, while an
 * alarm moved later could skip a job that was due.
 */
export class Scheduler {
  #alarm: AlarmPort;
  #clock: Clock;
  #jobs: Job[] = [];
  /** What this instance last asked the alarm for; null once it has rung (or was never set here). */
  #armedAt: number | null = null;

  constructor(alarm: AlarmPort, clock: Clock) {
    this.#alarm = alarm;
    this.#clock = clock;
  }

  add(job: Job): void {
    this.#jobs.push(job);
  }

  /** The earliest time any job wants to run. */
  next(): number | null {
    let at: number | null = null;
    for (const job of this.#jobs) {
      const due = job.due();
      if (due !== null && (at === null || due < at)) at = due;
    }
    return at;
  }

  /**
   * Called after anything that may have made a job due sooner; cheap when the alarm is already early enough.
   * The scheduler is the alarm's only writer and every job's due time is rebuilt from storage on start, so
   * it sets the alarm without reading it first.
   */
  arm(): void {
    const at = this.next();
    if (at === null || (this.#armedAt !== null && this.#armedAt <= at)) return;
    this.#armedAt = at;
    this.#alarm.set(at).catch((err: unknown) => {
      // Every job's work is in storage; the next commit, ring or restart arms the alarm again.
      this.#armedAt = null;
      console.warn("could not set the alarm:", String(err));
    });
  }

  /** The alarm rang: runs every job that is due, in the order they were added, then sets the next ring. */
  async ring(): Promise<void> {
    this.#armedAt = null;
    const now = this.#clock.now();
    for (const job of this.#jobs) {
      const due = job.due();
      if (due !== null && (due <= now || job.early)) await job.run(now);
    }
    this.arm();
  }
}

/** The in-memory twin of a Durable Object's alarm: it rings through the clock, as workerd's would. */
export class MemoryAlarm implements AlarmPort {
  #clock: Clock;
  #at: number | null = null;
  #cancel: (() => void) | null = null;
  /** What a ring calls; the room wires its `alarm()` here. */
  onRing: () => Promise<void> = async () => undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async get(): Promise<number | null> {
    return this.#at;
  }

  async set(at: number): Promise<void> {
    this.#cancel?.();
    this.#at = at;
    this.#cancel = this.#clock.setTimeout(() => {
      this.#at = null;
      this.#cancel = null;
      return this.onRing();
    }, at - this.#clock.now());
  }
}
