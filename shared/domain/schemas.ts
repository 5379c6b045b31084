import { AlertRulesSchema } from "./alerts";
import { z } from "zod";
import { DEFAULT_DOORS, LIMITS } from "./limits";

export const FacilityIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, "facility id must be 1-40 of a-z, 0-9 and -");

export const CarIdSchema = z
  .string()
  .trim()
  .min(1, "car id is empty")
  .max(LIMITS.carIdMax, `car id is longer than ${LIMITS.carIdMax}`)
  .regex(/^[A-Za-z0-9-]+$/, "car id may hold only letters, digits and -");

export const LocationNameSchema = z
  .string()
  .trim()
  .min(1, "location is empty")
  .max(LIMITS.locationNameMax, `location is longer than ${LIMITS.locationNameMax}`);

export const NotesSchema = z.string().max(LIMITS.notesMax, `notes are longer than ${LIMITS.notesMax} characters`);

const IsoTime = z.string();

export const CarSchema = z.object({
  id: CarIdSchema,
  location: z.string(),
  arrived: z.boolean(),
  late: z.boolean(),
  empty: z.boolean(),
  notes: z.string(),
  arrivedAt: IsoTime.nullable(),
  emptyAt: IsoTime.nullable(),
  /** When it last came to its location; absent until it is moved. */
  movedAt: IsoTime.optional(),
  version: z.number().int().nonnegative(),
  updatedAt: IsoTime,
  updatedBy: z.string(),
});
export type Car = z.infer<typeof CarSchema>;

export const LocationListSchema = z
  .array(LocationNameSchema)
  .min(1, "a facility needs at least one location")
  .max(LIMITS.locationsMax, `at most ${LIMITS.locationsMax} locations`)
  .refine((list) => new Set(list).size === list.length, "locations must be unique");

export const MutationIdSchema = z.uuid("mutationId must be a UUID");

export const DoorLabelSchema = z
  .string()
  .trim()
  .regex(
    new RegExp(`^[A-Za-z0-9-]{1,${LIMITS.doorLabelMax}}$`),
    `a door is 1-${LIMITS.doorLabelMax} letters, digits or -`,
  );

export const DoorListSchema = z
  .array(DoorLabelSchema)
  .min(1, "a facility needs at least one door")
  .max(LIMITS.doorsMax, `at most ${LIMITS.doorsMax} doors`)
  .refine((list) => new Set(list).size === list.length, "doors must be unique");

export const FacilitySchema = z.object({
  id: FacilityIdSchema,
  name: z.string().trim().min(1).max(LIMITS.facilityNameMax),
  locations: LocationListSchema,
  /** Dock doors in display order; facilities stored before the door board get the default doors. */
  doors: DoorListSchema.default(() => [...DEFAULT_DOORS]),
  /** The alert rules a supervisor set; absent means the defaults. */
  alertRules: AlertRulesSchema.optional(),
  /** Archived by an operator: nobody signs in, the data stays, and it can be restored. */
  archived: z.boolean().optional(),
});
export type Facility = z.infer<typeof FacilitySchema>;
/** A facility as an operator describes it: the doors may be left out. */
export type FacilityInput = z.input<typeof FacilitySchema>;

export const ShiftStatsSchema = z.object({
  total: z.number().int(),
  arrived: z.number().int(),
  late: z.number().int(),
  empty: z.number().int(),
  notArrived: z.number().int(),
});
export type ShiftStats = z.infer<typeof ShiftStatsSchema>;

export const ShiftSchema = z.object({
  id: z.number().int(),
  startedAt: IsoTime,
  startedBy: z.string(),
  notes: z.string(),
  endedAt: IsoTime.nullable(),
  endedBy: z.string().nullable(),
  endNotes: z.string().nullable(),
  stats: ShiftStatsSchema.nullable(),
  /** Cars not arrived by then are flagged late by the hub (as "system"); absent in shifts stored before cut-offs existed. */
  cutoffAt: IsoTime.nullable().default(null),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const ActorSchema = z.object({
  name: z.string().min(1).max(LIMITS.actorNameMax),
  role: z.string().min(1).max(20),
});
export type Actor = z.infer<typeof ActorSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  carId: z.string(),
  action: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: z.string(),
  actorRole: z.string(),
  /** The door and trailer a door-board row is about; "" on car and facility rows. */
  door: z.string().default(""),
  trailer: z.string().default(""),
  at: IsoTime,
  mutationId: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
