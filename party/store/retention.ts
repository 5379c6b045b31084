import { and, asc, eq, gte, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import { DAY_MS, RETENTION_DAYS } from "../room/archive";
import { d1 } from "./d1-audit";
import { auditLog, clientErrors, facilitiesD1, shiftsD1 } from "./d1-schema";

/** Audit rows per archive object: a few hundred KB of NDJSON, some 30 KB gzipped. */
const AUDIT_BATCH = 2000;
/** Shifts per object: each carries its stored boards (a few hundred KB for a big building). */
const SHIFT_BATCH = 50;
/** Objects one run writes per building and kind at most; a backlog is finished by the next runs. */
const BATCHES_PER_RUN = 25;
/** Screens' error groups not seen for this long are dropped (they are about old releases). */
const CLIENT_ERROR_KEEP_DAYS = 90;

export interface RetentionPolicy {
  auditDays: number;
  shiftDays: number;
  /** For tests: smaller batches, fewer of them. */
  auditBatch?: number;
  shiftBatch?: number;
  batchesPerRun?: number;
}

export interface RetentionReport {
  auditRows: number;
  shifts: number;
  objects: string[];
  /** A kind stopped at BATCHES_PER_RUN with a full batch: old rows may be left for the next run. */
  backlog: boolean;
}

export function retentionPolicy(env: { AUDIT_RETENTION_DAYS?: string; SHIFT_RETENTION_DAYS?: string }) {
  return {
    auditDays: Number(env.AUDIT_RETENTION_DAYS) || RETENTION_DAYS.audit,
    shiftDays: Number(env.SHIFT_RETENTION_DAYS) || RETENTION_DAYS.shifts,
  };
}

async function gzipLines(rows: unknown[]): Promise<ArrayBuffer> {
  const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}

/** The object's name comes from its first row's id, so a run cut short and run again writes the same object. */
const keyOf = (kind: "audit" | "shifts", fid: string, firstId: number) =>
  `${kind}/${fid}/${String(firstId).padStart(12, "0")}.ndjson.gz`;

/**
 * Moves one building's old audit rows and shift boards from its D1 into R2, oldest first, as gzip NDJSON.
 * Each batch is written to R2 before it is deleted from D1: a run that dies between the two writes the same
 * object again next time (same first row, so the same name) and then deletes. Running it twice changes nothing.
 */
export async function archiveFacility(
  db: D1Database,
  bucket: R2Bucket,
  fid: string,
  now: number,
  policy: RetentionPolicy,
): Promise<RetentionReport> {
  const orm = d1(db);
  const auditCutoff = new Date(now - policy.auditDays * DAY_MS).toISOString();
  const shiftCutoff = new Date(now - policy.shiftDays * DAY_MS).toISOString();
  const batches = policy.batchesPerRun ?? BATCHES_PER_RUN;
  const audit = await moveBatches(bucket, keyOf.bind(null, "audit", fid), fid, batches, {
    take: () =>
      orm
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.facilityId, fid), lt(auditLog.changedAt, auditCutoff)))
        .orderBy(asc(auditLog.id))
        .limit(policy.auditBatch ?? AUDIT_BATCH)
        .all(),
    when: (r) => r.changedAt,
    drop: (first, last) =>
      orm
        .delete(auditLog)
        .where(
          and(
            eq(auditLog.facilityId, fid),
            lt(auditLog.changedAt, auditCutoff),
            gte(auditLog.id, first),
            lte(auditLog.id, last),
          ),
        )
        .run(),
  });
  const ended = and(eq(shiftsD1.facilityId, fid), isNotNull(shiftsD1.endedAt), lt(shiftsD1.endedAt, shiftCutoff));
  const shifts = await moveBatches(bucket, keyOf.bind(null, "shifts", fid), fid, batches, {
    take: () =>
      orm
        .select()
        .from(shiftsD1)
        .where(ended)
        .orderBy(asc(shiftsD1.id))
        .limit(policy.shiftBatch ?? SHIFT_BATCH)
        .all(),
    when: (r) => r.startedAt,
    drop: (first, last) =>
      orm
        .delete(shiftsD1)
        .where(and(ended, gte(shiftsD1.id, first), lte(shiftsD1.id, last)))
        .run(),
  });
  return {
    auditRows: audit.rows,
    shifts: shifts.rows,
    objects: [...audit.objects, ...shifts.objects],
    backlog: audit.backlog || shifts.backlog,
  };
}

/** One kind of old row, batch after batch: read the oldest, write them to R2, then delete exactly those. */
async function moveBatches<R extends { id: number }>(
  bucket: R2Bucket,
  keyFor: (firstId: number) => string,
  fid: string,
  batches: number,
  rows: { take(): Promise<R[]>; when(row: R): string; drop(first: number, last: number): Promise<unknown> },
): Promise<{ rows: number; objects: string[]; backlog: boolean }> {
  const moved = { rows: 0, objects: [] as string[], backlog: false };
  for (let i = 0; i < batches; i++) {
    const batch = await rows.take();
    if (batch.length === 0) return moved;
    const first = batch[0]!;
    const last = batch[batch.length - 1]!;
    const key = keyFor(first.id);
    await bucket.put(key, await gzipLines(batch), {
      httpMetadata: { contentType: "application/x-ndjson", contentEncoding: "gzip" },
      customMetadata: { facility: fid, rows: String(batch.length), from: rows.when(first), to: rows.when(last) },
    });
    await rows.drop(first.id, last.id);
    moved.rows += batch.length;
    moved.objects.push(key);
  }
  return { ...moved, backlog: true };
}

/** Notes in the directory that a building's own retention ran (the cron wakes only the buildings behind). */
export async function markRetained(directory: D1Database, fid: string, now: number): Promise<void> {
  await d1(directory)
    .update(facilitiesD1)
    .set({ retainedAt: new Date(now).toISOString() })
    .where(eq(facilitiesD1.id, fid))
    .run();
}

/**
 * Buildings whose retention has not run for two days, or never: most likely a building nobody opened since,
 * so no alarm of its own is set. Oldest first, `limit` at most (one Durable Object call each).
 */
export async function buildingsBehind(directory: D1Database, now: number, limit: number): Promise<string[]> {
  const since = new Date(now - 2 * DAY_MS).toISOString();
  const rows = await d1(directory)
    .select({ id: facilitiesD1.id })
    .from(facilitiesD1)
    .where(or(isNull(facilitiesD1.retainedAt), lt(facilitiesD1.retainedAt, since)))
    .orderBy(asc(facilitiesD1.retainedAt), asc(facilitiesD1.id))
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}

/** Drops screens' error groups nobody has hit for a while. */
export async function pruneClientErrors(db: D1Database, now: number): Promise<void> {
  const cutoff = new Date(now - CLIENT_ERROR_KEEP_DAYS * DAY_MS).toISOString();
  await d1(db).delete(clientErrors).where(lt(clientErrors.lastSeen, cutoff)).run();
}

export interface ArchiveObject {
  key: string;
  size: number;
  uploaded: string;
  facility: string;
  rows: number;
  from: string;
  to: string;
}

/** What R2 holds, newest buildings' first pages first; `cursor` pages on. */
export async function listArchives(
  bucket: R2Bucket,
  cursor?: string,
): Promise<{ objects: ArchiveObject[]; cursor: string | null }> {
  // `include` is the runtime's (these workers-types predate it): without it, list() leaves custom metadata out.
  const options: R2ListOptions & { include: string[] } = { limit: 500, include: ["customMetadata"] };
  if (cursor) options.cursor = cursor;
  const listed = await bucket.list(options);
  return {
    objects: listed.objects.map((o) => ({
      key: o.key,
      size: o.size,
      uploaded: o.uploaded.toISOString(),
      facility: o.customMetadata?.facility ?? "",
      rows: Number(o.customMetadata?.rows ?? 0),
      from: o.customMetadata?.from ?? "",
      to: o.customMetadata?.to ?? "",
    })),
    cursor: listed.truncated ? listed.cursor : null,
  };
}
