import { z } from "zod";
import { LIMITS } from "./limits";

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

export const FacilitySchema = z.object({
  id: FacilityIdSchema,
  name: z.string().trim().min(1).max(LIMITS.facilityNameMax),
  locations: LocationListSchema,
});
export type Facility = z.infer<typeof FacilitySchema>;

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
  at: IsoTime,
  mutationId: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
