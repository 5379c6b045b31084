import { z } from "./zod";
import { FacilityIdSchema, FacilitySchema } from "./domain/schemas";
import { LIMITS } from "./domain/limits";
import { ROLES, isReservedName } from "./auth";

/** POST /api/session with `operator: true`: a session that belongs to no facility, opened with ADMIN_CODE. */
export const OperatorSignInSchema = z.strictObject({
  operator: z.literal(true),
  code: z.string().check(z.minLength(1, "code is required"), z.maxLength(256)),
  name: z.string().check(
    z.trim(),
    z.minLength(1, "name is required"),
    z.maxLength(LIMITS.actorNameMax - 11),
    z.refine((n) => !isReservedName(n), "that name is reserved for the hub; sign in with your own name"),
  ),
  bearer: z.optional(z.boolean()),
});
export type OperatorSignIn = z.infer<typeof OperatorSignInSchema>;

/** An operator's half-day, then sign in again. */
export const OPERATOR_SESSION_TTL_MS = 12 * 3600_000;

/** What a signed operator session says; `key` ties it to the ADMIN_CODE it was opened with (a new code ends it). */
export const OperatorClaimsSchema = z.strictObject({
  v: z.literal(1),
  sid: z.string().check(z.minLength(16), z.maxLength(64)),
  operator: z.literal(true),
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.actorNameMax)),
  key: z.string().check(z.length(16)),
  exp: z.int().check(z.positive()),
});
export type OperatorClaims = z.infer<typeof OperatorClaimsSchema>;

export const OperatorInfoSchema = z.object({
  operator: z.literal(true),
  name: z.string(),
  expiresAt: z.string(),
  token: z.optional(z.string()),
});
export type OperatorInfo = z.infer<typeof OperatorInfoSchema>;

/** POST /api/ops/facilities: a new building (doors default as on PUT). */
export const CreateBuildingSchema = z.strictObject({
  id: FacilityIdSchema,
  name: FacilitySchema.shape.name,
  locations: z.optional(FacilitySchema.shape.locations),
  doors: z.optional(FacilitySchema.shape.doors),
});
/** PATCH /api/ops/facilities/:fid: a new name, archived or restored; at least one of them. */
export const UpdateBuildingSchema = z
  .strictObject({ name: z.optional(FacilitySchema.shape.name), archived: z.optional(z.boolean()) })
  .check(z.refine((b) => b.name !== undefined || b.archived !== undefined, "send a name, archived, or both"));
export type UpdateBuilding = z.infer<typeof UpdateBuildingSchema>;

const count = z.int().check(z.nonnegative());

/** One building's health, as its Durable Object reports it to the operator. */
export const FacilityHealthSchema = z.object({
  sockets: z.object(Object.fromEntries(ROLES.map((r) => [r, count])) as Record<(typeof ROLES)[number], typeof count>),
  pollingClients: count,
  seq: count,
  lastChangeAt: z.nullable(z.string()),
  openShift: z.nullable(z.object({ id: z.int(), startedAt: z.string(), cutoffAt: z.nullable(z.string()) })),
  cars: z.object({ total: count, arrived: count, pending: count, late: count, empty: count }),
  outboxDepth: count,
  oldestOutboxAgeMs: z.nullable(count),
  lastFlushAt: z.nullable(z.string()),
  flushFailures: count,
  nextAlarmAt: z.nullable(z.string()),
  /** When the building's own retention last moved its old rows out (once a day; see docs/capacity.md). */
  retainedAt: z.nullable(z.string()),
  storageBytes: z.nullable(count),
  /** The last hour, for the building's own panel. */
  usage: z.object({
    perMinute: z.array(z.object({ minute: z.string(), byType: z.record(z.string(), count) })),
    rejects: z.record(z.string(), count),
    /** Sessions slowed down by their rate limit in the last hour. */
    rateLimited: count,
    applyMs: z.object({ p50: z.number(), p99: z.number(), count }),
    viaSocket: count,
    viaHttp: count,
  }),
});
export type FacilityHealth = z.infer<typeof FacilityHealthSchema>;

export const OpsFacilitySchema = z.object({
  id: FacilityIdSchema,
  name: z.string(),
  archived: z.boolean(),
  /** The D1 database (its binding's name) holding this building's audit. */
  shard: z.string(),
  health: z.nullable(FacilityHealthSchema),
  error: z.optional(z.string()),
});
export type OpsFacility = z.infer<typeof OpsFacilitySchema>;
export const OpsFacilitiesResponseSchema = z.object({ facilities: z.array(OpsFacilitySchema) });
export type OpsFacilitiesResponse = z.infer<typeof OpsFacilitiesResponseSchema>;

export const ShardFiguresSchema = z.object({
  name: z.string(),
  buildings: count,
  auditRows: count,
  shifts: count,
  bytes: count,
  error: z.optional(z.string()),
});
export const ShardsResponseSchema = z.object({ shards: z.array(ShardFiguresSchema) });
export type ShardFiguresRow = z.infer<typeof ShardFiguresSchema>;

/** POST /api/client-errors: what a screen reports when it breaks. */
export const ClientErrorReportSchema = z.strictObject({
  message: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  stack: z.optional(z.string().check(z.maxLength(4000))),
  build: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  url: z.string().check(z.maxLength(500)),
});
export type ClientErrorReport = z.infer<typeof ClientErrorReportSchema>;

export const ClientErrorGroupSchema = z.object({
  message: z.string(),
  build: z.string(),
  count,
  facilities: z.array(z.string()),
  firstSeen: z.string(),
  lastSeen: z.string(),
  url: z.string(),
  stack: z.nullable(z.string()),
});
export type ClientErrorGroup = z.infer<typeof ClientErrorGroupSchema>;
export const ClientErrorsResponseSchema = z.object({ errors: z.array(ClientErrorGroupSchema) });

/**
 * What a day's usage counts, by building: one definition for the rollup, the API, the charts and the CSV.
 * Taps are changes people made (the hub's own are not taps).
 */
export const USAGE_COUNTS = ["taps", "people", "scans", "imports", "alerts"] as const;
export type UsageCount = (typeof USAGE_COUNTS)[number];

export const UsageDaySchema = z.object({
  facility: FacilityIdSchema,
  day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  taps: count,
  people: count,
  scans: count,
  imports: count,
  alerts: count,
  byType: z.record(z.string(), count),
  byRole: z.record(z.string(), count),
});
export type UsageDay = z.infer<typeof UsageDaySchema>;
export const UsageResponseSchema = z.object({ days: z.int(), rows: z.array(UsageDaySchema) });
export type UsageResponse = z.infer<typeof UsageResponseSchema>;
