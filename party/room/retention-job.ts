import { DAY_MS, type AuditArchive } from "./archive";
import type { Clock } from "./clock";
import type { RoomKv } from "./kv";
import type { Job } from "./scheduler";

/** A run that stopped at its budget with old rows left comes back this soon, until the backlog is gone. */
export const BACKLOG_AGAIN_MS = 10 * 60_000;
/** A run that failed (its D1 shard or R2 unreachable) is tried again this soon; the rows wait where they are. */
export const RETRY_MS = 60 * 60_000;
const RETAINED_KEY = "retainedAt";

/**
 * This building's time of day for its retention run (ms after midnight UTC), from its name: a fleet's buildings
 * spread over the day, each on its own budget, rather than one cron invocation walking them all.
 */
export function retentionSlot(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % (24 * 60)) * 60_000;
}

/**
 * Once a day, at the building's slot, moves its old audit rows and shift boards out of its D1 shard (the
 * archive's `retain`; into R2 in production). The work is started, not awaited: a ring never waits on D1 or R2,
 * so the flush, the cut-off and the rules are never held up by it. When it ends the next run is set: the next
 * day's slot, sooner while a backlog is left, or in an hour after a failure. The last run is kept in storage,
 * so a restart neither repeats today's run nor skips it.
 */
export class RetentionJob implements Job {
  readonly name = "retention";
  #archive: AuditArchive;
  #kv: RoomKv;
  #clock: Clock;
  #slot: number;
  #dueAt: number;
  #running: Promise<void> | null = null;
  /** Called when the due time moved: a run ended, or the cron asked for one (the room re-arms its alarm). */
  onMoved: () => void = () => undefined;

  constructor(opts: { archive: AuditArchive; kv: RoomKv; clock: Clock; name: string }) {
    this.#archive = opts.archive;
    this.#kv = opts.kv;
    this.#clock = opts.clock;
    this.#slot = retentionSlot(opts.name);
    this.#dueAt = this.#slotAfter(this.#kv.get<number>(RETAINED_KEY) ?? this.#clock.now());
  }

  /** The first of this building's slots after `t`. */
  #slotAfter(t: number): number {
    const at = Math.floor(t / DAY_MS) * DAY_MS + this.#slot;
    return at > t ? at : at + DAY_MS;
  }

  /** When the last run ended well (for the operator's view). */
  get lastRun(): number | null {
    return this.#kv.get<number>(RETAINED_KEY) ?? null;
  }

  /** Run at the next ring (the Worker's cron wakes a building that has not run for days). */
  soon(): void {
    this.#dueAt = Math.min(this.#dueAt, this.#clock.now());
    this.onMoved();
  }

  due(): number | null {
    return this.#running ? null : this.#dueAt;
  }

  /** Resolves once the run in progress, if any, has ended (for tests and a graceful stop). */
  async idle(): Promise<void> {
    await this.#running;
  }

  run(now: number): void {
    if (this.#running) return;
    this.#running = this.#archive
      .retain(now)
      .then(
        ({ backlog }) => {
          this.#kv.put(RETAINED_KEY, now);
          this.#dueAt = backlog ? now + BACKLOG_AGAIN_MS : this.#slotAfter(now);
        },
        (err: unknown) => {
          console.warn("retention failed; trying again in an hour:", String(err));
          this.#dueAt = now + RETRY_MS;
        },
      )
      .finally(() => {
        this.#running = null;
        this.onMoved();
      });
  }
}
