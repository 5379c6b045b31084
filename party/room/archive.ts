import {
  compareAudit,
  encodeCursor,
  matchesAudit,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type PersonTaps,
  tapsByPerson,
} from "../../shared";
import { type UsageDay } from "../../shared/ops";
import type { OutboxStore } from "../hub/store";

/**
 * Where the audit outlives the facility's own storage: D1 in production (store/d1-archive.ts). Reads merge
 * the archive with the outbox rows not flushed yet, so the audit never lags a tap.
 */
export interface AuditArchive {
  /** Moves the outbox into the archive; throws when the archive cannot be reached (the rows stay). */
  flush(outbox: OutboxStore): Promise<void>;
  /** A page of the audit, newest first; with the archive down, the outbox alone, marked partial. */
  page(outbox: OutboxStore, q: AuditQuery): Promise<AuditPage>;
  /** Who made changes between two instants (the audit's rows, flushed or not): a shift's work by person. */
  people(outbox: OutboxStore, from: string, to: string): Promise<PersonTaps[]>;
  /** Writes whole days of usage (each row replaces the stored one: a retry never doubles a count). */
  saveUsage(rows: UsageDay[]): Promise<void>;
  /**
   * Moves this building's rows past retention out of the archive (to R2 in production), a bounded amount per
   * call; `backlog` when old rows are left for the next call. Throws when the archive cannot be reached.
   */
  retain(now: number): Promise<{ backlog: boolean }>;
}

export const DAY_MS = 86_400_000;

/** How long rows stay in the archive by default (AUDIT_RETENTION_DAYS and SHIFT_RETENTION_DAYS change it). */
export const RETENTION_DAYS = { audit: 400, shifts: 3 * 365 } as const;

/** The in-memory twin of the D1 archive. `down` makes it fail as an unreachable D1 would. */
export class MemoryArchive implements AuditArchive {
  readonly rows: AuditEntry[] = [];
  /** What retention moved out, oldest first. */
  readonly retained: AuditEntry[] = [];
  /** Days an audit row is kept, and how many old rows one `retain` moves at most. */
  retention = { auditDays: RETENTION_DAYS.audit, batch: Number.MAX_SAFE_INTEGER };
  down = false;
  readonly usage = new Map<string, UsageDay>();
  #keys = new Set<string>();

  async people(outbox: OutboxStore, from: string, to: string): Promise<PersonTaps[]> {
    if (this.down) throw new Error("archive unreachable");
    const q = { from, to, limit: Number.MAX_SAFE_INTEGER };
    return tapsByPerson([...outbox.pendingAudit(q), ...this.rows.filter((e) => matchesAudit(e, q))]);
  }

  async saveUsage(rows: UsageDay[]): Promise<void> {
    if (this.down) throw new Error("archive unreachable");
    for (const row of rows) this.usage.set(row.day, row);
  }

  async retain(now: number): Promise<{ backlog: boolean }> {
    if (this.down) throw new Error("archive unreachable");
    const cutoff = new Date(now - this.retention.auditDays * DAY_MS).toISOString();
    const old = this.rows
      .filter((e) => e.at < cutoff)
      .sort(compareAudit)
      .reverse();
    const moved = new Set(old.slice(0, this.retention.batch));
    this.retained.push(...moved);
    this.rows.splice(0, this.rows.length, ...this.rows.filter((e) => !moved.has(e)));
    return { backlog: old.length > moved.size };
  }

  async flush(outbox: OutboxStore): Promise<void> {
    if (this.down) throw new Error("archive unreachable");
    for (;;) {
      const batch = outbox.peekAudit(400);
      if (batch.length === 0) return;
      for (const { id: _id, ...e } of batch) {
        const key = `${e.seq}|${e.carId}|${e.field}`;
        if (this.#keys.has(key)) continue;
        this.#keys.add(key);
        this.rows.push(e);
      }
      outbox.deleteAuditUpTo(batch[batch.length - 1]!.id);
    }
  }

  async page(outbox: OutboxStore, q: AuditQuery): Promise<AuditPage> {
    const pending = outbox.pendingAudit(q);
    const entries = this.down
      ? pending.slice(0, q.limit)
      : [...pending, ...this.rows.filter((e) => matchesAudit(e, q))].sort(compareAudit).slice(0, q.limit);
    const last = entries.length === q.limit ? entries[entries.length - 1] : undefined;
    return { entries, partial: this.down, next: last ? encodeCursor(last) : null };
  }
}
