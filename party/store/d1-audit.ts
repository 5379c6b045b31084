import { and, desc, eq, lt } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import type { AuditEntry, Facility } from "../../shared";
import type { OutboxStore } from "../hub/store";
import { auditLog, facilitiesD1, shiftsD1 } from "./d1-schema";

/** Rows drained from the outbox per flush round. */
const FLUSH_BATCH = 400;
/** D1 allows 100 bound parameters a statement; an audit row binds 11. */
const ROWS_PER_INSERT = 9;

export type D1Db = DrizzleD1Database<Record<string, never>>;

export function d1(binding: D1Database): D1Db {
  return drizzle(binding);
}

/**
 * Drains a facility's outbox into D1. Rows leave the outbox only after D1 has
 * them, and the insert ignores rows D1 already holds (unique facility, seq, car,
 * field), so a flush that dies between the D1 write and the outbox delete is
 * simply repeated without doubling anything.
 */
export async function flushOutbox(outbox: OutboxStore, db: D1Db, facilityId: string): Promise<number> {
  const head = outbox.unsyncedFacility();
  if (head) {
    await upsertFacility(db, head.facility);
    outbox.markFacilitySynced(head.facilitySeq);
  }
  for (const shift of outbox.unsyncedShifts()) {
    const row = { facilityId, ...shift, stats: shift.stats, snapshot: shift.snapshot };
    await db
      .insert(shiftsD1)
      .values(row)
      .onConflictDoUpdate({ target: [shiftsD1.facilityId, shiftsD1.id], set: row })
      .run();
    outbox.markShiftSynced(shift.id);
  }
  let flushed = 0;
  for (;;) {
    const rows = outbox.peekAudit(FLUSH_BATCH);
    if (rows.length === 0) return flushed;
    const values = rows.map(({ id: _id, at, ...r }) => ({ ...r, facilityId, changedAt: at }));
    const inserts = [];
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
      inserts.push(
        db
          .insert(auditLog)
          .values(values.slice(i, i + ROWS_PER_INSERT))
          .onConflictDoNothing(),
      );
    }
    const [first, ...rest] = inserts;
    await db.batch([first!, ...rest]);
    outbox.deleteAuditUpTo(rows[rows.length - 1]!.id);
    flushed += rows.length;
  }
}

export async function upsertFacility(db: D1Db, facility: Facility): Promise<void> {
  const row = { ...facility, updatedAt: new Date().toISOString() };
  await db.insert(facilitiesD1).values(row).onConflictDoUpdate({ target: facilitiesD1.id, set: row }).run();
}

export async function listFacilities(db: D1Db): Promise<{ id: string; name: string }[]> {
  return db.select({ id: facilitiesD1.id, name: facilitiesD1.name }).from(facilitiesD1).orderBy(facilitiesD1.id).all();
}

export async function facilityKnown(db: D1Db, id: string): Promise<boolean> {
  const row = await db.select({ id: facilitiesD1.id }).from(facilitiesD1).where(eq(facilitiesD1.id, id)).get();
  return row !== undefined;
}

export interface AuditFilter {
  carId?: string;
  limit: number;
  beforeSeq?: number;
}

/** The audit from D1 plus the outbox; with D1 down, the outbox alone, marked partial. */
export async function auditOrOutbox(outbox: OutboxStore, db: D1Database, facilityId: string, filter: AuditFilter) {
  try {
    return { entries: await queryAudit(outbox, d1(db), facilityId, filter), partial: false };
  } catch (err) {
    console.warn("audit query against D1 failed; answering from the outbox only:", String(err));
    const entries = outbox
      .pendingAudit({ limit: filter.limit, ...(filter.carId ? { carId: filter.carId } : {}) })
      .filter((e) => filter.beforeSeq === undefined || e.seq < filter.beforeSeq);
    return { entries, partial: true };
  }
}

/** Audit rows newest first: D1's, plus the outbox rows not flushed yet. */
export async function queryAudit(
  outbox: OutboxStore,
  db: D1Db,
  facilityId: string,
  filter: { carId?: string; limit: number; beforeSeq?: number },
): Promise<AuditEntry[]> {
  const conds = [eq(auditLog.facilityId, facilityId)];
  if (filter.carId !== undefined) conds.push(eq(auditLog.carId, filter.carId));
  if (filter.beforeSeq !== undefined) conds.push(lt(auditLog.seq, filter.beforeSeq));
  const stored = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.seq), desc(auditLog.id))
    .limit(filter.limit)
    .all();
  const pending = outbox
    .pendingAudit({ ...(filter.carId !== undefined ? { carId: filter.carId } : {}), limit: filter.limit })
    .filter((e) => filter.beforeSeq === undefined || e.seq < filter.beforeSeq);
  const seen = new Set<string>();
  const merged: AuditEntry[] = [];
  const fromD1: AuditEntry[] = stored.map(({ id: _id, facilityId: _f, changedAt, ...r }) => ({ ...r, at: changedAt }));
  for (const e of [...pending, ...fromD1]) {
    const key = `${e.seq}|${e.carId}|${e.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(e);
  }
  merged.sort((a, b) => b.seq - a.seq);
  return merged.slice(0, filter.limit);
}
