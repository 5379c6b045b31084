import { z } from "../zod";
import { DoorStateSchema, FreeDoorStateSchema, OriginSchema, PercentSchema, TrailerSchema } from "./doors";
import { LIMITS } from "./limits";
import { DoorLabelSchema, DoorListSchema, MutationIdSchema } from "./schemas";

/* The door board's mutations; same envelope, idempotency and audit as the cars'. */

const VisitId = z.uuid("visitId must be a UUID");

export const DoorDockSchema = z.strictObject({
  type: z.literal("door.dock"),
  mutationId: MutationIdSchema,
  door: DoorLabelSchema,
  visitId: VisitId,
  trailer: TrailerSchema,
  origin: z.optional(OriginSchema),
  initialPercent: PercentSchema,
});

const visitMutation = <T extends string, S extends z.core.$ZodShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), mutationId: MutationIdSchema, visitId: VisitId, ...shape });

export const VisitStartSchema = visitMutation("visit.start", {});

export const VisitProgressSchema = visitMutation("visit.progress", {
  remainingPercent: z.optional(PercentSchema),
  delta: z.optional(z.int("delta is a whole number").check(z.gte(-100), z.lte(100))),
}).check(
  z.refine(
    (m) => (m.remainingPercent === undefined) !== (m.delta === undefined),
    "give exactly one of remainingPercent and delta",
  ),
);

export const VisitFinishSchema = visitMutation("visit.finish", {});

export const VisitDepartSchema = visitMutation("visit.depart", { nextDoorState: FreeDoorStateSchema });

export const VisitMoveSchema = visitMutation("visit.move", { toDoor: DoorLabelSchema });

export const VisitFixInitialSchema = visitMutation("visit.fixInitial", {
  initialPercent: PercentSchema,
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(3, "say why, in 3 to 200 characters"),
      z.maxLength(200, "say why, in 3 to 200 characters"),
    ),
});

export const VisitNoteAddSchema = visitMutation("visit.note", {
  note: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "the note is empty"),
      z.maxLength(LIMITS.visitNoteMax, `a note is at most ${LIMITS.visitNoteMax} characters`),
    ),
});

export const DoorSetSchema = z.strictObject({
  type: z.literal("door.set"),
  mutationId: MutationIdSchema,
  door: DoorLabelSchema,
  state: FreeDoorStateSchema,
});

export const VerifiedDoorSchema = z
  .strictObject({
    door: DoorLabelSchema,
    state: DoorStateSchema,
    trailer: z.optional(TrailerSchema),
    origin: z.optional(OriginSchema),
    initialPercent: z.optional(PercentSchema),
    visitId: z.optional(VisitId),
    replace: z.optional(z.boolean()),
  })
  .check(z.refine((d) => (d.state === "occupied") === (d.trailer !== undefined), "an occupied door names its trailer"));
export type VerifiedDoor = z.infer<typeof VerifiedDoorSchema>;

export const DoorsVerifySchema = z.strictObject({
  type: z.literal("doors.verify"),
  mutationId: MutationIdSchema,
  doors: z.array(VerifiedDoorSchema).check(
    z.minLength(1, "the sweep names no door"),
    z.maxLength(LIMITS.doorsMax),
    z.refine((ds) => new Set(ds.map((d) => d.door)).size === ds.length, "the sweep names a door twice"),
  ),
});

export const SetDoorsSchema = z.strictObject({
  type: z.literal("facility.setDoors"),
  mutationId: MutationIdSchema,
  doors: DoorListSchema,
});

export const DOOR_MUTATIONS = [
  DoorDockSchema,
  VisitStartSchema,
  VisitProgressSchema,
  VisitFinishSchema,
  VisitDepartSchema,
  VisitMoveSchema,
  VisitFixInitialSchema,
  VisitNoteAddSchema,
  DoorSetSchema,
  DoorsVerifySchema,
  SetDoorsSchema,
] as const;
