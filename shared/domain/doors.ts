import { z } from "../zod";
import { LIMITS } from "./limits";
import type { Shift } from "./schemas";

/* The door board's values: dock doors and the trailer visits standing on them. */

export const DOOR_STATES = ["empty", "pending", "occupied"] as const;
export const DoorStateSchema = z.enum(DOOR_STATES);
export type DoorState = z.infer<typeof DoorStateSchema>;

/** What a door can be set to by hand; `occupied` comes only with a docked trailer. */
export const FreeDoorStateSchema = z.enum(["empty", "pending"]);
export type FreeDoorState = z.infer<typeof FreeDoorStateSchema>;

export const VISIT_STATUSES = ["arrived", "unloading", "completed", "departed"] as const;
export const VisitStatusSchema = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof VisitStatusSchema>;

const TRAILER_CHARS = /^[A-Z0-9-]*$/;

export const TrailerSchema = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.minLength(1, "trailer number is empty"),
    z.maxLength(LIMITS.trailerMax, `trailer number is longer than ${LIMITS.trailerMax}`),
    z.regex(TRAILER_CHARS, "a trailer number holds only A-Z, 0-9 and -"),
  );

export const OriginSchema = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.maxLength(LIMITS.originMax, `origin is longer than ${LIMITS.originMax}`),
    z.regex(TRAILER_CHARS, "an origin holds only A-Z, 0-9 and -"),
  );

export const PercentSchema = z
  .number({ message: "a percent is a whole number from 0 to 100" })
  .check(
    z.int("a percent is a whole number from 0 to 100"),
    z.gte(0, "a percent is a whole number from 0 to 100"),
    z.lte(100, "a percent is a whole number from 0 to 100"),
  );

export const DoorSchema = z.object({
  door: z.string(),
  state: DoorStateSchema,
  visitId: z.nullable(z.string()),
  /** When the door took this state (absent on an empty door and on doors stored before alerts). */
  since: z.optional(z.nullable(z.string())),
});
export type Door = z.infer<typeof DoorSchema>;

export const VisitNoteSchema = z.object({ at: z.string(), by: z.string(), text: z.string() });
export type VisitNote = z.infer<typeof VisitNoteSchema>;

export const VisitSchema = z.object({
  visitId: z.string(),
  door: z.string(),
  trailer: z.string(),
  origin: z.string(),
  initialPercent: z.int(),
  remainingPercent: z.int(),
  status: VisitStatusSchema,
  dockedAt: z.string(),
  startedAt: z.nullable(z.string()),
  completedAt: z.nullable(z.string()),
  departedAt: z.nullable(z.string()),
  notes: z.array(VisitNoteSchema),
  shiftId: z.nullable(z.int()),
  /** The last time how much is left was set while unloading. */
  progressAt: z.optional(z.string()),
  version: z.int().check(z.nonnegative()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Visit = z.infer<typeof VisitSchema>;

export const emptyDoor = (door: string): Door => ({ door, state: "empty", visitId: null });

/** Every door of a facility in its order; doors with no stored state are empty. */
export function doorBoard(labels: readonly string[], stored: (door: string) => Door | undefined): Door[] {
  return labels.map((label) => stored(label) ?? emptyDoor(label));
}

/**
 * Which visits the board shows: every one not departed, and those departed during the open shift (so the
 * shift's work stays in view until it ends). Hub and client both apply it, so they hold the same set.
 */
export function visitInView(v: Visit, shift: Shift | null): boolean {
  return v.status !== "departed" || (shift !== null && v.departedAt !== null && v.departedAt >= shift.startedAt);
}

/** A trailer's place in the board's story, in the order a visit moves through. */
export const VISIT_NEXT: Record<VisitStatus, readonly VisitStatus[]> = {
  arrived: ["unloading", "completed", "departed"],
  unloading: ["completed", "departed"],
  completed: ["departed"],
  departed: [],
};

/** What a shift's end keeps of the door board, beside the fleet. */
export interface DoorBoardRecord {
  doors: Door[];
  visits: Visit[];
  stats: { docked: number; unloaded: number; departed: number; atDoors: number };
}
