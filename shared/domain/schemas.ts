import { AlertRulesSchema } from "./alerts";
import { z } from "../zod";
import { DEFAULT_DOORS, LIMITS } from "./limits";

export const FacilityIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9-]{1,40}$/, "facility id must be 1-40 of a-z, 0-9 and -"));

export const CarIdSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "car id is empty"),
    z.maxLength(LIMITS.carIdMax, `car id is longer than ${LIMITS.carIdMax}`),
    z.regex(/^[A-Za-z0-9-]+$/, "car id may hold only letters, digits and -"),
  );

export const LocationNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "location is empty"),
    z.maxLength(LIMITS.locationNameMax, `location is longer than ${LIMITS.locationNameMax}`),
  );

export const NotesSchema = z
  .string()
  .check(z.maxLength(LIMITS.notesMax, `notes are longer than ${LIMITS.notesMax} characters`));

const IsoTime = z.string();

export const CarSchema = z.object({
  id: CarIdSchema,
  location: z.string(),
  arrived: z.boolean(),
  late: z.boolean(),
  empty: z.boolean(),
  notes: z.string(),
  arrivedAt: z.nullable(IsoTime),
  emptyAt: z.nullable(IsoTime),
  /** When it last came to its location; absent until it is moved. */
  movedAt: z.optional(IsoTime),
  version: z.int().check(z.nonnegative()),
  updatedAt: IsoTime,
  updatedBy: z.string(),
});
export type Car = z.infer<typeof CarSchema>;

export const LocationListSchema = z.array(LocationNameSchema).check(
  z.minLength(1, "a facility needs at least one location"),
  z.maxLength(LIMITS.locationsMax, `at most ${LIMITS.locationsMax} locations`),
  z.refine((list) => new Set(list).size === list.length, "locations must be unique"),
);

export const MutationIdSchema = z.uuid("mutationId must be a UUID");

export const DoorLabelSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(
      new RegExp(`^[A-Za-z0-9-]{1,${LIMITS.doorLabelMax}}$`),
      `a door is 1-${LIMITS.doorLabelMax} letters, digits or -`,
    ),
  );

export const DoorListSchema = z.array(DoorLabelSchema).check(
  z.minLength(1, "a facility needs at least one door"),
  z.maxLength(LIMITS.doorsMax, `at most ${LIMITS.doorsMax} doors`),
  z.refine((list) => new Set(list).size === list.length, "doors must be unique"),
);

export const FacilitySchema = z.object({
  id: FacilityIdSchema,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.facilityNameMax)),
  locations: LocationListSchema,
  /** Dock doors in display order; facilities stored before the door board get the default doors. */
  doors: z._default(DoorListSchema, () => [...DEFAULT_DOORS]),
  /** The alert rules a supervisor set; absent means the defaults. */
  alertRules: z.optional(AlertRulesSchema),
  /** Archived by an operator: nobody signs in, the data stays, and it can be restored. */
  archived: z.optional(z.boolean()),
});
export type Facility = z.infer<typeof FacilitySchema>;
/** A facility as an operator describes it: the doors may be left out. */
export type FacilityInput = z.input<typeof FacilitySchema>;

export const ShiftStatsSchema = z.object({
  total: z.int(),
  arrived: z.int(),
  late: z.int(),
  empty: z.int(),
  notArrived: z.int(),
});
export type ShiftStats = z.infer<typeof ShiftStatsSchema>;

export const ShiftSchema = z.object({
  id: z.int(),
  startedAt: IsoTime,
  startedBy: z.string(),
  notes: z.string(),
  endedAt: z.nullable(IsoTime),
  endedBy: z.nullable(z.string()),
  endNotes: z.nullable(z.string()),
  stats: z.nullable(ShiftStatsSchema),
  /** Cars not arrived by then are flagged late by the hub (as "system"); absent in shifts stored before cut-offs existed. */
  cutoffAt: z._default(z.nullable(IsoTime), null),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const ActorSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.actorNameMax)),
  role: z.string().check(z.minLength(1), z.maxLength(20)),
});
export type Actor = z.infer<typeof ActorSchema>;

export const AuditEntrySchema = z.object({
  seq: z.int(),
  carId: z.string(),
  action: z.string(),
  field: z.string(),
  oldValue: z.nullable(z.string()),
  newValue: z.nullable(z.string()),
  actor: z.string(),
  actorRole: z.string(),
  /** The door and trailer a door-board row is about; "" on car and facility rows. */
  door: z._default(z.string(), ""),
  trailer: z._default(z.string(), ""),
  at: IsoTime,
  mutationId: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
