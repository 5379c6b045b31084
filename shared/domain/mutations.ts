import { ALERT_MUTATIONS } from "./alert-mutations";
import { z } from "../zod";
import { RoleSchema } from "../auth";
import { LIMITS } from "./limits";
import { DOOR_MUTATIONS } from "./door-mutations";
import { CarIdSchema, LocationListSchema, LocationNameSchema, MutationIdSchema, NotesSchema } from "./schemas";

const MutationId = MutationIdSchema;
const Version = z.int().check(z.nonnegative());

/** What a person sets on a car, defined once: a patch, a new car's flags, the old API's PUT body. */
export const CAR_FIELDS = {
  location: z.optional(LocationNameSchema),
  arrived: z.optional(z.boolean()),
  late: z.optional(z.boolean()),
  empty: z.optional(z.boolean()),
  notes: z.optional(NotesSchema),
};

export const CarPatchSchema = z.strictObject(CAR_FIELDS).check(
  z.refine((p) => Object.values(p).some((v) => v !== undefined), "patch changes nothing"),
  z.refine((p) => !(p.empty === true && p.arrived === false), "a car cannot be empty and not arrived"),
);
export type CarPatch = z.infer<typeof CarPatchSchema>;
export type PatchField = keyof typeof CAR_FIELDS;
export const PATCH_FIELDS = Object.keys(CAR_FIELDS) as readonly PatchField[];

export const CarAddSchema = z.strictObject({
  type: z.literal("car.add"),
  mutationId: MutationId,
  carId: CarIdSchema,
  ...CAR_FIELDS,
});

export const CarUpdateSchema = z.strictObject({
  type: z.literal("car.update"),
  mutationId: MutationId,
  carId: CarIdSchema,
  baseVersion: z.optional(Version),
  /** Whole-car compare-and-set, for the old API's expectedVersion. */
  strict: z.optional(z.boolean()),
  patch: CarPatchSchema,
  /** Marked by a handheld's scan mode, so the building's usage counts scans apart from taps. */
  via: z.optional(z.literal("scan")),
});

export const CarRemoveSchema = z.strictObject({
  type: z.literal("car.remove"),
  mutationId: MutationId,
  carId: CarIdSchema,
  baseVersion: z.optional(Version),
});

export const ImportRowSchema = z.strictObject({ id: CarIdSchema, ...CAR_FIELDS });
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const FleetImportSchema = z.strictObject({
  type: z.literal("fleet.import"),
  mutationId: MutationId,
  cars: z.array(ImportRowSchema).check(
    z.minLength(1, "import holds no cars"),
    z.maxLength(LIMITS.importRowsMax, `import holds more than ${LIMITS.importRowsMax} cars`),
    z.refine((rows) => new Set(rows.map((r) => r.id)).size === rows.length, "import names a car twice"),
  ),
});

export const FleetResetSchema = z.strictObject({
  type: z.literal("fleet.reset"),
  mutationId: MutationId,
});

export const ShiftStartSchema = z.strictObject({
  type: z.literal("shift.start"),
  mutationId: MutationId,
  notes: z.optional(NotesSchema),
  /** An instant; at it, every car not arrived is flagged late by the hub. */
  cutoff: z.optional(z.iso.datetime({ offset: true, message: "cutoff must be an ISO date-time" })),
});

/** Sent by the hub's own alarm at a shift's cut-off; no session's role may send it. */
export const ShiftCutoffSchema = z.strictObject({
  type: z.literal("shift.cutoff"),
  mutationId: MutationId,
  shiftId: z.int().check(z.nonnegative()),
});

/** Recorded by the hub when a supervisor replaces a role's access code: the audit says who and when, never the code. */
export const AccessRotateSchema = z.strictObject({
  type: z.literal("access.rotate"),
  mutationId: MutationId,
  role: RoleSchema,
  gen: z.int().check(z.positive()),
});

export const ShiftEndSchema = z.strictObject({
  type: z.literal("shift.end"),
  mutationId: MutationId,
  notes: z.optional(NotesSchema),
});

export const SetLocationsSchema = z.strictObject({
  type: z.literal("facility.setLocations"),
  mutationId: MutationId,
  locations: LocationListSchema,
});

export const RenameLocationSchema = z.strictObject({
  type: z.literal("facility.renameLocation"),
  mutationId: MutationId,
  from: LocationNameSchema,
  to: LocationNameSchema,
});

/** An operator's new name for the building (applied by the hub for the operator's session). */
export const FacilityRenameSchema = z.strictObject({
  type: z.literal("facility.rename"),
  mutationId: MutationId,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.facilityNameMax)),
});

/** An operator archives a building (every session ends, sign-ins are refused, data is kept) or restores it. */
export const FacilityArchiveSchema = z.strictObject({
  type: z.literal("facility.archive"),
  mutationId: MutationId,
  archived: z.boolean(),
});

export const MutationSchema = z.discriminatedUnion("type", [
  CarAddSchema,
  CarUpdateSchema,
  CarRemoveSchema,
  FleetImportSchema,
  FleetResetSchema,
  ShiftStartSchema,
  ShiftEndSchema,
  SetLocationsSchema,
  RenameLocationSchema,
  ShiftCutoffSchema,
  AccessRotateSchema,
  FacilityRenameSchema,
  FacilityArchiveSchema,
  ...DOOR_MUTATIONS,
  ...ALERT_MUTATIONS,
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationType = Mutation["type"];
export const MUTATION_TYPES = MutationSchema.def.options.map((o) => o.shape.type.def.values[0]!);

/** A mutation before its id is given (Omit over each member of the union, not the union). */
export type MutationDraft = Mutation extends infer M ? (M extends unknown ? Omit<M, "mutationId"> : never) : never;
