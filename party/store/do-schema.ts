import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import {
  DEFAULT_DOORS,
  LANGS,
  type Alert,
  type AlertRules,
  type DoorState,
  type PushPayload,
  type Visit,
  type VisitStatus,
} from "../../shared";
import { auditColumns, shiftColumns } from "./columns";

/** Single-row facility header; the DO is one facility. */
export const facility = sqliteTable("facility", {
  key: integer("key").primaryKey(),
  id: text("id").notNull(),
  name: text("name").notNull(),
  locations: text("locations", { mode: "json" }).$type<string[]>().notNull(),
  doors: text("doors", { mode: "json" })
    .$type<string[]>()
    .notNull()
    .default(sql`'${sql.raw(JSON.stringify(DEFAULT_DOORS))}'`),
  /** Null while the facility keeps the default alert rules. */
  alertRules: text("alert_rules", { mode: "json" }).$type<AlertRules>(),
  /** Seq of the last change to name or locations, so the flush knows when D1 is behind. */
  facilitySeq: integer("facility_seq").notNull(),
  syncedFacilitySeq: integer("synced_facility_seq").notNull(),
  createdAt: text("created_at").notNull(),
});

export const cars = sqliteTable("cars", {
  id: text("id").primaryKey(),
  location: text("location").notNull(),
  arrived: integer("arrived", { mode: "boolean" }).notNull(),
  late: integer("late", { mode: "boolean" }).notNull(),
  empty: integer("empty", { mode: "boolean" }).notNull(),
  notes: text("notes").notNull(),
  arrivedAt: text("arrived_at"),
  emptyAt: text("empty_at"),
  movedAt: text("moved_at"),
  version: integer("version").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
  fieldVersions: text("field_versions", { mode: "json" })
    .$type<{ location: number; arrived: number; late: number; empty: number; notes: number }>()
    .notNull(),
});

/**
 * Applied (or rejected) mutation ids with their outcome, for idempotent replay.
 * One b-tree keyed by the id (WITHOUT ROWID, see drizzle/do): every mutation writes here.
 */
export const mutations = sqliteTable("mutations", {
  mutationId: text("mutation_id").primaryKey(),
  outcome: text("outcome").notNull(),
  at: integer("at").notNull(),
});

/** The diff message of each seq, serialized once, for catch-up; its last row is the facility's seq. */
export const changeLog = sqliteTable("change_log", {
  seq: integer("seq").primaryKey(),
  diff: text("diff").notNull(),
});

export const shifts = sqliteTable("shifts", {
  id: integer("id").primaryKey(),
  ...shiftColumns(),
  /** 1 once D1 holds the ended shift. */
  synced: integer("synced", { mode: "boolean" }).notNull().default(false),
});

/** Audit rows written in the same transaction as their change; drained to D1 by the alarm. */
export const auditOutbox = sqliteTable("audit_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ...auditColumns(),
  at: text("at").notNull(),
});

/** One access code per role, as a salted PBKDF2 hash; `gen` counts rotations and is signed into sessions. */
export const accessCodes = sqliteTable("access_codes", {
  role: text("role").primaryKey(),
  salt: text("salt").notNull(),
  hash: text("hash").notNull(),
  iterations: integer("iterations").notNull(),
  gen: integer("gen").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/** Sessions signed out before they expire; a row is dropped once its session would have expired anyway. */
export const revokedSessions = sqliteTable("revoked_sessions", {
  sid: text("sid").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

/** Doors that are not empty; a door with no row is empty (so adding doors writes nothing). */
export const doorStates = sqliteTable("door_states", {
  door: text("door").primaryKey(),
  state: text("state").$type<DoorState>().notNull(),
  visitId: text("visit_id"),
  since: text("since"),
});

/** Alerts the hub raised that still hold (acknowledged or not); a cleared alert's row is deleted. */
export const alerts = sqliteTable("alerts", {
  key: text("key").primaryKey(),
  data: text("data", { mode: "json" }).$type<Alert>().notNull(),
});

/** Every trailer visit, departed ones kept for the shift's analytics; `data` is the whole visit. */
export const visits = sqliteTable("visits", {
  visitId: text("visit_id").primaryKey(),
  status: text("status").$type<VisitStatus>().notNull(),
  departedAt: text("departed_at"),
  data: text("data", { mode: "json" }).$type<Visit>().notNull(),
});

/** Devices that asked for alerts by Web Push; the keys never leave the hub. */
export const pushSubscriptions = sqliteTable("push_subscriptions", {
  endpoint: text("endpoint").primaryKey(),
  p256dh: text("p256dh").notNull(),
  auth: text("auth").notNull(),
  person: text("person").notNull(),
  role: text("role").notNull(),
  timeZone: text("time_zone").notNull(),
  lang: text("lang", { enum: LANGS }).notNull().default("en"),
  createdAt: text("created_at").notNull(),
  lastSuccessAt: text("last_success_at"),
});

/** Pushes waiting to be sent (or sent again), drained by the alarm after the alert committed. */
export const pushOutbox = sqliteTable("push_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  endpoint: text("endpoint").notNull(),
  payload: text("payload", { mode: "json" }).$type<PushPayload>().notNull(),
  attempts: integer("attempts").notNull(),
  dueAt: integer("due_at").notNull(),
});
