import { z } from "zod";
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
  origin: OriginSchema.optional(),
  initialPercent: PercentSchema,
});

const visitMutation = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), mutationId: MutationIdSchema, visitId: VisitId, ...shape });

export const VisitStartSchema = visitMutation("visit.start", {});

export const VisitProgressSchema = visitMutation("visit.progress", {
  remainingPercent: PercentSchema.optional(),
  delta: z.number().int("delta is a whole number").min(-100).max(100).optional(),
}).refine(
  (m) => (m.remainingPercent === undefined) !== (m.delta === undefined),
  "give exactly one of remainingPercent and delta",
);

export const VisitFinishSchema = visitMutation("visit.finish", {});

export const VisitDepartSchema = visitMutation("visit.depart", { nextDoorState: FreeDoorStateSchema });

export const VisitMoveSchema = visitMutation("visit.move", { toDoor: DoorLabelSchema });

export const VisitFixInitialSchema = visitMutation("visit.fixInitial", {
  initialPercent: PercentSchema,
  reason: z.string().trim().min(3, "say why, in 3 to 200 characters").max(200, "say why, in 3 to 200 characters"),
});

export const VisitNoteAddSchema = visitMutation("visit.note", {
  note: z
    .string()
    .trim()
    .min(1, "the note is empty")
    .max(LIMITS.visitNoteMax, `a note is at most ${LIMITS.visitNoteMax} characters`),
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
    trailer: TrailerSchema.optional(),
    origin: OriginSchema.optional(),
    initialPercent: PercentSchema.optional(),
    visitId: VisitId.optional(),
    replace: z.boolean().optional(),
  })
  .refine((d) => (d.state === "occupied") === (d.trailer !== undefined), "an occupied door names its trailer");
export type VerifiedDoor = z.infer<typeof VerifiedDoorSchema>;

export const DoorsVerifySchema = z.strictObject({
  type: z.literal("doors.verify"),
  mutationId: MutationIdSchema,
  doors: z
    .array(VerifiedDoorSchema)
    .min(1, "the sweep names no door")
    .max(LIMITS.doorsMax)
    .refine((ds) => new Set(ds.map((d) => d.door)).size === ds.length, "the sweep names a door twice"),
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
