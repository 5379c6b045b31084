import { integer, text } from "drizzle-orm/sqlite-core";

// Columns the DO's tables and D1's tables share. Functions, because a Drizzle
// column builder belongs to the one table it is placed in.

/** An audit row's content; the outbox and D1's audit_log add their own keys. */
export const auditColumns = () => ({
  seq: integer("seq").notNull(),
  /** "" for facility-level rows, so a unique key over it never meets a NULL. */
  carId: text("car_id").notNull(),
  action: text("action").notNull(),
  field: text("field").notNull(),
  oldValue: text("old_value"),
  newValue: text("new_value"),
  actor: text("actor").notNull(),
  actorRole: text("actor_role").notNull(),
  mutationId: text("mutation_id").notNull(),
  /** A door-board row's door and trailer; "" on car and facility rows (never NULL, so they compare). */
  door: text("door").notNull().default(""),
  trailer: text("trailer").notNull().default(""),
});

/** A shift; `id` is the seq that started it, so each store declares its own key. */
export const shiftColumns = () => ({
  startedAt: text("started_at").notNull(),
  startedBy: text("started_by").notNull(),
  notes: text("notes").notNull(),
  endedAt: text("ended_at"),
  endedBy: text("ended_by"),
  endNotes: text("end_notes"),
  /** When cars not arrived yet are flagged late by the hub itself; null for no cut-off. */
  cutoffAt: text("cutoff_at"),
  stats: text("stats", { mode: "json" }),
  snapshot: text("snapshot", { mode: "json" }),
  /** The door board as the shift left it, with its unload counts; null before the door board existed. */
  doorBoard: text("door_board", { mode: "json" }),
});
