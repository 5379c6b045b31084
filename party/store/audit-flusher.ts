import { d1, flushOutbox } from "./d1-audit";
import type { OutboxStore } from "../hub/store";

/** Outbox rows wait this long so a burst of taps goes to D1 in one batch. */
const FLUSH_DELAY_MS = 250;
const FLUSH_BACKOFF_MAX_MS = 5 * 60_000;
const FLUSH_ATTEMPTS_KEY = "flushAttempts";

/**
 * Drains the audit outbox to D1 on the Durable Object's alarm. The alarm survives
 * eviction and restarts; failed flushes back off exponentially and keep the rows.
 */
/**
 * A Durable Object has one alarm; the audit flush and a shift's cut-off share it.
 * This moves it earlier when `at` comes first and never later.
 */
export async function alarmBy(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || current > at) await storage.setAlarm(at);
}

export class AuditFlusher {
  #storage: DurableObjectStorage;
  #outbox: OutboxStore;
  #db: D1Database;
  #facilityId: string;
  #delayMs: number;
  #armed = false;

  constructor(opts: {
    storage: DurableObjectStorage;
    outbox: OutboxStore;
    db: D1Database;
    facilityId: string;
    delayMs?: string | undefined;
  }) {
    this.#storage = opts.storage;
    this.#outbox = opts.outbox;
    this.#db = opts.db;
    this.#facilityId = opts.facilityId;
    this.#delayMs = Number(opts.delayMs ?? FLUSH_DELAY_MS) || FLUSH_DELAY_MS;
  }

  arm(): void {
    if (this.#armed) return;
    this.#armed = true;
    alarmBy(this.#storage, Date.now() + this.#delayMs).catch((err: unknown) => {
      // The rows are safe in the outbox; the next commit or restart arms the flush again.
      this.#armed = false;
      console.warn("could not arm the audit flush:", String(err));
    });
  }

  async onAlarm(): Promise<void> {
    this.#armed = false;
    try {
      await flushOutbox(this.#outbox, d1(this.#db), this.#facilityId);
      await this.#storage.delete(FLUSH_ATTEMPTS_KEY);
    } catch (err) {
      // D1 is down or refused the batch: the rows stay in the outbox and we try again, later each time.
      const attempts = ((await this.#storage.get<number>(FLUSH_ATTEMPTS_KEY)) ?? 0) + 1;
      await this.#storage.put(FLUSH_ATTEMPTS_KEY, attempts);
      const delay = Math.min(FLUSH_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(attempts - 1, 12));
      console.warn(`audit flush failed (attempt ${attempts}); retrying in ${delay} ms:`, String(err));
      this.#armed = true;
      await alarmBy(this.#storage, Date.now() + delay);
    }
  }
}
