import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    facilityId: text("facility_id").notNull(),
    seq: integer("seq").notNull(),
    /** "" for facility-level rows, so the unique key below never meets a NULL. */
    carId: text("car_id").notNull(),
    action: text("action").notNull(),
    field: text("field").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    actor: text("actor").notNull(),
    actorRole: text("actor_role").notNull(),
    mutationId: text("mutation_id").notNull(),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [
    // A retried flush hits this and inserts nothing: no row is ever doubled.
    uniqueIndex("audit_log_once").on(t.facilityId, t.seq, t.carId, t.field),
    index("audit_log_car").on(t.facilityId, t.carId, t.seq),
  ],
);

export const shiftsD1 = sqliteTable(
  "shifts",
  {
    facilityId: text("facility_id").notNull(),
    id: integer("id").notNull(),
    startedAt: text("started_at").notNull(),
    startedBy: text("started_by").notNull(),
    notes: text("notes").notNull(),
    endedAt: text("ended_at"),
    endedBy: text("ended_by"),
    endNotes: text("end_notes"),
    stats: text("stats", { mode: "json" }),
    snapshot: text("snapshot", { mode: "json" }),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.id] })],
);

export const facilitiesD1 = sqliteTable("facilities", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  locations: text("locations", { mode: "json" }).$type<string[]>().notNull(),
  updatedAt: text("updated_at").notNull(),
});
