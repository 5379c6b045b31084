import { z } from "./zod";
import { LIMITS } from "./domain/limits";
import { AuditEntrySchema, type AuditEntry } from "./domain/schemas";

/** Where a page of the audit ended: rows are ordered by (seq, carId, field), newest first, and that key is unique. */
export interface AuditCursor {
  seq: number;
  carId: string;
  field: string;
}

export interface AuditQuery {
  carId?: string;
  /** Door-board rows at this door, or about this trailer. */
  door?: string;
  trailer?: string;
  /** The person, exactly as the audit names them. */
  actor?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  before?: AuditCursor;
}

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  partial: z.boolean(),
  /** Pass as `before` for the next (older) page; null at the end. */
  next: z.nullable(z.string()),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export function encodeCursor(e: AuditCursor): string {
  return `${e.seq}~${encodeURIComponent(e.carId)}~${encodeURIComponent(e.field)}`;
}

export function decodeCursor(text: string): AuditCursor | null {
  const m = /^(\d{1,15})~([^~]{0,200})~([^~]{1,100})$/.exec(text);
  if (!m) return null;
  try {
    return { seq: Number(m[1]), carId: decodeURIComponent(m[2]!), field: decodeURIComponent(m[3]!) };
  } catch {
    return null;
  }
}

/** Newest first: seq, then car id, then field, all descending. */
export function compareAudit(a: AuditCursor, b: AuditCursor): number {
  if (a.seq !== b.seq) return b.seq - a.seq;
  if (a.carId !== b.carId) return a.carId < b.carId ? 1 : -1;
  return a.field === b.field ? 0 : a.field < b.field ? 1 : -1;
}

/** The same filter the D1 query applies, for rows still in the outbox. */
export function matchesAudit(e: AuditEntry, q: AuditQuery): boolean {
  if (q.carId !== undefined && e.carId !== q.carId) return false;
  if (q.door !== undefined && e.door !== q.door) return false;
  if (q.trailer !== undefined && e.trailer !== q.trailer) return false;
  if (q.actor !== undefined && e.actor !== q.actor) return false;
  if (q.from !== undefined && e.at < q.from) return false;
  if (q.to !== undefined && e.at > q.to) return false;
  return q.before === undefined || compareAudit(q.before, e) < 0;
}

const IsoTime = z.iso.datetime({ offset: true });
const QuerySchema = z.object({
  carId: z.optional(z.string().check(z.maxLength(LIMITS.carIdMax))),
  door: z.optional(z.string().check(z.maxLength(LIMITS.doorLabelMax))),
  trailer: z.optional(
    z.pipe(
      z.string().check(z.maxLength(LIMITS.trailerMax)),
      z.transform((t) => t.trim().toUpperCase()),
    ),
  ),
  actor: z.optional(z.string().check(z.maxLength(LIMITS.actorNameMax + 20))),
  from: z.optional(IsoTime),
  to: z.optional(IsoTime),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(1000))), 100),
  before: z.optional(z.string().check(z.maxLength(400))),
});

/** Reads `?carId=&door=&trailer=&actor=&from=&to=&limit=&before=`; times are normalised to UTC ISO so they compare as text. */
export function parseAuditQuery(
  params: URLSearchParams,
): { ok: true; query: AuditQuery } | { ok: false; message: string } {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ""));
  const parsed = QuerySchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, message: `${i.path.join(".")}: ${i.message}` };
  }
  const { before, from, to, ...rest } = parsed.data;
  const cursor = before === undefined ? undefined : decodeCursor(before);
  if (cursor === null) return { ok: false, message: "before: not a cursor this hub gave out" };
  return {
    ok: true,
    query: {
      ...rest,
      ...(from ? { from: new Date(from).toISOString() } : {}),
      ...(to ? { to: new Date(to).toISOString() } : {}),
      ...(cursor ? { before: cursor } : {}),
    },
  };
}
