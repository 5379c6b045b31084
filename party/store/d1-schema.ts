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
  updatedAt: text("updated_at").notNull(),
});
