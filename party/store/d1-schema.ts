import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { auditColumns, shiftColumns } from "./columns";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    facilityId: text("facility_id").notNull(),
    ...auditColumns(),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [
    // A retried flush hits this and inserts nothing: no row is ever doubled.
    uniqueIndex("audit_log_once").on(t.facilityId, t.seq, t.carId, t.field),
    index("audit_log_car").on(t.facilityId, t.carId, t.seq),
    index("audit_log_door").on(t.facilityId, t.door, t.seq),
    index("audit_log_trailer").on(t.facilityId, t.trailer, t.seq),
    // The audit view's date filters and the retention job's oldest rows.
    index("audit_log_age").on(t.facilityId, t.changedAt),
  ],
);

export const shiftsD1 = sqliteTable(
  "shifts",
  {
    facilityId: text("facility_id").notNull(),
    id: integer("id").notNull(),
    ...shiftColumns(),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.id] })],
);

export const facilitiesD1 = sqliteTable("facilities", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  locations: text("locations", { mode: "json" }).$type<string[]>().notNull(),
  doors: text("doors", { mode: "json" }).$type<string[]>(),
  archived: integer("archived", { mode: "boolean" }).notNull().default(false),
  /** The D1 binding that holds this building's audit and shift boards; set at creation, never moved. */
  shard: text("shard").notNull().default("DB"),
  updatedAt: text("updated_at").notNull(),
  /** When the building's own retention last ran (its Durable Object writes it); the cron wakes those behind. */
  retainedAt: text("retained_at"),
});

/** One building's day (UTC), replaced whole by each write from its hub: a retried write never doubles a count. */
export const usageDaily = sqliteTable(
  "usage_daily",
  {
    facilityId: text("facility_id").notNull(),
    day: text("day").notNull(),
    taps: integer("taps").notNull(),
    people: integer("people").notNull(),
    scans: integer("scans").notNull(),
    imports: integer("imports").notNull(),
    alerts: integer("alerts").notNull(),
    byType: text("by_type", { mode: "json" }).$type<Record<string, number>>().notNull(),
    byRole: text("by_role", { mode: "json" }).$type<Record<string, number>>().notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.day] }), index("usage_daily_day").on(t.day)],
);

/** Screens' errors, one row per message and build: a thousand handhelds hitting one bug are one row. */
export const clientErrors = sqliteTable(
  "client_errors",
  {
    message: text("message").notNull(),
    build: text("build").notNull(),
    count: integer("count").notNull(),
    facilities: text("facilities", { mode: "json" }).$type<string[]>().notNull(),
    firstSeen: text("first_seen").notNull(),
    lastSeen: text("last_seen").notNull(),
    url: text("url").notNull(),
    stack: text("stack"),
  },
  (t) => [primaryKey({ columns: [t.message, t.build] }), index("client_errors_last").on(t.lastSeen)],
);
