import { SYSTEM_NAME, type Actor, type Mutation, type Shift } from "../../shared";
import { type UsageDay } from "../../shared/ops";
import type { OutboxStore } from "../hub/store";
import type { AuditArchive } from "./archive";
import type { Clock } from "./clock";
import type { RoomKv } from "./kv";
import type { Job } from "./scheduler";

/**
 * Outbox rows wait this long so the taps of a busy building go to the archive in few batches: each flush is a
 * few D1 calls, whatever it carries (the biggest building's bench: flushing every 250 ms cost the hub more CPU
 * than the rest of a change; see README). Nobody reads the lag: audit reads merge the outbox not yet flushed.
 */
export const FLUSH_DELAY_MS = 2000;
const FLUSH_BACKOFF_MAX_MS = 5 * 60_000;
const FLUSH_ATTEMPTS_KEY = "flushAttempts";
const LAST_FLUSH_KEY = "lastFlushAt";
/** The id of the shift whose cut-off has been applied. */
const CUTOFF_DONE_KEY = "cutoffDone";
export const SYSTEM: Actor = { name: SYSTEM_NAME, role: "system" };

/**
 * Drains the audit outbox to the archive. Failed flushes back off exponentially and keep the rows; the count
 * of failures is kept in storage, so a restart does not hammer a D1 that is down.
 */
export class AuditFlushJob implements Job {
  readonly name = "audit flush";
  #outbox: OutboxStore;
  #archive: AuditArchive;
  #kv: RoomKv;
  #clock: Clock;
  #delayMs: number;
  #dueAt: number | null = null;
  #usage: UsageRows | undefined;

  constructor(opts: {
    outbox: OutboxStore;
    archive: AuditArchive;
    kv: RoomKv;
    clock: Clock;
    delayMs?: number;
    usage?: UsageRows;
  }) {
    this.#usage = opts.usage;
    this.#outbox = opts.outbox;
    this.#archive = opts.archive;
    this.#kv = opts.kv;
    this.#clock = opts.clock;
    this.#delayMs = opts.delayMs || FLUSH_DELAY_MS;
  }

  /** New rows are in the outbox: flush them soon, unless a flush is already due. */
  wake(): void {
    if (this.#dueAt === null) this.#dueAt = this.#clock.now() + this.#delayMs;
  }

  /** Rides any earlier ring to batch taps, but not while backing off from a failing archive. */
  get early(): boolean {
    return !this.#kv.get<number>(FLUSH_ATTEMPTS_KEY);
  }

  due(): number | null {
    return this.#dueAt;
  }

  /** Failed flushes in a row (0 when the last one worked), for the operator's view. */
  get failures(): number {
    return this.#kv.get<number>(FLUSH_ATTEMPTS_KEY) ?? 0;
  }

  get lastFlushAt(): number | null {
    return this.#kv.get<number>(LAST_FLUSH_KEY) ?? null;
  }

  async run(now: number): Promise<void> {
    this.#dueAt = null;
    try {
      await this.#archive.flush(this.#outbox);
      const days = this.#usage?.rows() ?? [];
      if (days.length > 0) {
        await this.#archive.saveUsage(days);
        this.#usage?.written(days);
      }
      this.#kv.delete(FLUSH_ATTEMPTS_KEY);
      this.#kv.put(LAST_FLUSH_KEY, now);
    } catch (err) {
      const attempts = (this.#kv.get<number>(FLUSH_ATTEMPTS_KEY) ?? 0) + 1;
      this.#kv.put(FLUSH_ATTEMPTS_KEY, attempts);
      const delay = Math.min(FLUSH_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(attempts - 1, 12));
      console.warn(`audit flush failed (attempt ${attempts}); retrying in ${delay} ms:`, String(err));
      this.#dueAt = now + delay;
    }
  }
}

/** The building's usage days not yet in the archive (RoomUsage). */
export interface UsageRows {
  rows(): UsageDay[];
  written(rows: UsageDay[]): void;
}

/**
 * A shift's cut-off: when it passes, the hub itself flags every car not arrived as late, audited as "system"
 * and broadcast like any tap; once per shift, so a car a supervisor marks not late afterwards stays so.
 */
export class CutoffJob implements Job {
  readonly name = "shift cut-off";
  #openShift: () => Shift | null;
  #kv: RoomKv;
  #apply: (m: Mutation, who: Actor) => void;
  #dueAt: number | null = null;
  #shiftId: number | null = null;

  constructor(openShift: () => Shift | null, kv: RoomKv, apply: (m: Mutation, who: Actor) => void) {
    this.#openShift = openShift;
    this.#kv = kv;
    this.#apply = apply;
    this.refresh();
  }

  /** Reads the open shift again: called when a shift starts or ends. */
  refresh(): void {
    const shift = this.#openShift();
    const pending = !!shift?.cutoffAt && this.#kv.get(CUTOFF_DONE_KEY) !== shift.id;
    this.#dueAt = pending ? Date.parse(shift.cutoffAt!) : null;
    this.#shiftId = pending ? shift.id : null;
  }

  due(): number | null {
    return this.#dueAt;
  }

  run(): void {
    const shiftId = this.#shiftId;
    this.#dueAt = null;
    if (shiftId === null) return;
    this.#apply({ type: "shift.cutoff", mutationId: crypto.randomUUID(), shiftId }, SYSTEM);
    this.#kv.put(CUTOFF_DONE_KEY, shiftId);
    this.#shiftId = null;
  }
}
