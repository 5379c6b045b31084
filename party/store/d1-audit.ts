import { and, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import {
  compareAudit,
  encodeCursor,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type Facility,
} from "../../shared";
import type { OutboxStore } from "../hub/store";
import { auditLog, facilitiesD1, shiftsD1 } from "./d1-schema";

/** Rows drained from the outbox per flush round. */
const FLUSH_BATCH = 400;
/** D1 allows 100 bound parameters a statement; an audit row binds 13. */
const ROWS_PER_INSERT = 7;

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
export async function flushOutbox(
  outbox: OutboxStore,
  db: D1Db,
  facilityId: string,
  directory: { db: D1Db; shard: string } = { db, shard: "DB" },
): Promise<number> {
  const head = outbox.unsyncedFacility();
  if (head) {
    await upsertFacility(directory.db, head.facility, directory.shard);
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

/** The directory's row of a building; its shard is written once, when the row is first made, and never moved. */
export async function upsertFacility(db: D1Db, facility: Facility, shard = "DB"): Promise<void> {
  const row = { ...facility, archived: facility.archived ?? false, updatedAt: new Date().toISOString() };
  await db
    .insert(facilitiesD1)
    .values({ ...row, shard })
    .onConflictDoUpdate({ target: facilitiesD1.id, set: row })
    .run();
}

export async function listFacilities(
  db: D1Db,
): Promise<{ id: string; name: string; archived: boolean; shard: string }[]> {
  return db
    .select({
      id: facilitiesD1.id,
      name: facilitiesD1.name,
      archived: facilitiesD1.archived,
      shard: facilitiesD1.shard,
    })
    .from(facilitiesD1)
    .orderBy(facilitiesD1.id)
    .all();
}

export async function facilityKnown(db: D1Db, id: string): Promise<boolean> {
  const row = await db.select({ id: facilitiesD1.id }).from(facilitiesD1).where(eq(facilitiesD1.id, id)).get();
  return row !== undefined;
}

/** Who changed what between two instants: the columns a shift's taps by person need, through the age index. */
export async function auditRowsBetween(
  db: D1Db,
  facilityId: string,
  from: string,
  to: string,
): Promise<{ actor: string; actorRole: string; mutationId: string }[]> {
  return db
    .select({ actor: auditLog.actor, actorRole: auditLog.actorRole, mutationId: auditLog.mutationId })
    .from(auditLog)
    .where(and(eq(auditLog.facilityId, facilityId), gte(auditLog.changedAt, from), lte(auditLog.changedAt, to)))
    .all();
}

/** The audit from D1 plus the outbox; with D1 down, the outbox alone, marked partial. */
export async function auditOrOutbox(
  outbox: OutboxStore,
  db: D1Database,
  facilityId: string,
  q: AuditQuery,
): Promise<AuditPage> {
  let entries: AuditEntry[];
  let partial = false;
  try {
    entries = await queryAudit(outbox, d1(db), facilityId, q);
  } catch (err) {
    console.warn("audit query against D1 failed; answering from the outbox only:", String(err));
    entries = outbox.pendingAudit(q).slice(0, q.limit);
    partial = true;
  }
  const last = entries.length === q.limit ? entries[entries.length - 1] : undefined;
  return { entries, partial, next: last ? encodeCursor(last) : null };
}

/** Audit rows newest first (seq, car, field): D1's, plus the outbox rows not flushed yet. */
export async function queryAudit(
  outbox: OutboxStore,
  db: D1Db,
  facilityId: string,
  q: AuditQuery,
): Promise<AuditEntry[]> {
  const conds = [eq(auditLog.facilityId, facilityId)];
  if (q.carId !== undefined) conds.push(eq(auditLog.carId, q.carId));
  if (q.door !== undefined) conds.push(eq(auditLog.door, q.door));
  if (q.trailer !== undefined) conds.push(eq(auditLog.trailer, q.trailer));
  if (q.actor !== undefined) conds.push(eq(auditLog.actor, q.actor));
  if (q.from !== undefined) conds.push(gte(auditLog.changedAt, q.from));
  if (q.to !== undefined) conds.push(lte(auditLog.changedAt, q.to));
  const b = q.before;
  if (b) {
    const olderCar = or(lt(auditLog.carId, b.carId), and(eq(auditLog.carId, b.carId), lt(auditLog.field, b.field)));
    conds.push(or(lt(auditLog.seq, b.seq), and(eq(auditLog.seq, b.seq), olderCar))!);
  }
  const stored = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.seq), desc(auditLog.carId), desc(auditLog.field))
    .limit(q.limit)
    .all();
  const fromD1: AuditEntry[] = stored.map(({ id: _id, facilityId: _f, changedAt, ...r }) => ({ ...r, at: changedAt }));
  const seen = new Set<string>();
  const merged: AuditEntry[] = [];
  for (const e of [...outbox.pendingAudit(q), ...fromD1]) {
    const key = `${e.seq}|${e.carId}|${e.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(e);
  }
  return merged.sort(compareAudit).slice(0, q.limit);
}
