import { AlertSchema } from "./domain/alerts";
import { z } from "./zod";
import { RoleSchema } from "./auth";
import { ERROR_CODES, ErrorCode } from "./errors";
import { MUTATION_TYPES, MutationSchema } from "./domain/mutations";
import { parseJsonMessage, parseValue, type ParseFailure } from "./parse";
import { ActorSchema, CarSchema, FacilitySchema, ShiftSchema } from "./domain/schemas";
import { DoorSchema, VisitSchema } from "./domain/doors";

/** Bumped on any incompatible wire change; checked when a socket connects. */
export const PROTOCOL_VERSION = 7;

/** WebSocket close codes the hub uses (4000-4999 is the application range). */
export const CloseCode = {
  ProtocolMismatch: 4001,
  UnknownFacility: 4004,
  /** No session, or one that expired, was signed out or whose code was rotated: sign in again. */
  Unauthorized: 4401,
  /** A session for another facility. */
  Forbidden: 4403,
} as const;

// Client -> server

export const MutateMessageSchema = z.strictObject({
  type: z.literal("mutate"),
  mutation: MutationSchema,
});
export const SyncMessageSchema = z.strictObject({
  type: z.literal("sync"),
  since: z.int().check(z.nonnegative()),
});
export const ClientMessageSchema = z.discriminatedUnion("type", [MutateMessageSchema, SyncMessageSchema]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export const CLIENT_MESSAGE_TYPES = ClientMessageSchema.def.options.map((o) => o.shape.type.def.values[0]!);

/**
 * A client frame, with the same codes as HTTP for the same input: an unknown mutation type inside a `mutate`
 * frame is `unknown_type`, exactly as on POST /mutations, not a discriminator failure.
 */
export function parseClientMessage(text: string): { ok: true; value: ClientMessage } | ParseFailure {
  const parsed = parseJsonMessage(text, ClientMessageSchema, CLIENT_MESSAGE_TYPES);
  if (parsed.ok || parsed.code !== ErrorCode.InvalidMessage) return parsed;
  const raw = JSON.parse(text) as { type?: unknown; mutation?: unknown };
  if (raw?.type !== "mutate" || !raw.mutation || typeof raw.mutation !== "object") return parsed;
  const inner = parseValue(raw.mutation, MutationSchema, MUTATION_TYPES);
  return inner.ok ? parsed : inner;
}

// Server -> client

const ErrorCodeSchema = z.enum(ERROR_CODES);

export const SnapshotMessageSchema = z.object({
  type: z.literal("snapshot"),
  protocol: z.literal(PROTOCOL_VERSION),
  seq: z.int(),
  facility: FacilitySchema,
  shift: z.nullable(ShiftSchema),
  cars: z.array(CarSchema),
  /** Every door of the facility, in its order. */
  doors: z.array(DoorSchema),
  /** Every visit not departed, and those departed during the open shift. */
  visits: z.array(VisitSchema),
  /** Alerts raised and not cleared, acknowledged or not. */
  alerts: z.array(AlertSchema),
});
export type SnapshotMessage = z.infer<typeof SnapshotMessageSchema>;

export const DiffMessageSchema = z.object({
  type: z.literal("diff"),
  seq: z.int(),
  mutationId: z.string(),
  by: ActorSchema,
  at: z.string(),
  cars: z.array(CarSchema),
  removed: z.array(z.string()),
  facility: z.optional(FacilitySchema),
  shift: z.optional(z.nullable(ShiftSchema)),
  /** Doors whose state changed, when any did. */
  doors: z.optional(z.array(DoorSchema)),
  /** Visits added or changed, when any were. */
  visits: z.optional(z.array(VisitSchema)),
  /** Alerts raised or changed (acknowledged, new figures), when any were. */
  alerts: z.optional(z.array(AlertSchema)),
  /** Keys of alerts the hub cleared, when any were. */
  alertsCleared: z.optional(z.array(z.string())),
});
export type DiffMessage = z.infer<typeof DiffMessageSchema>;

export const ChangesMessageSchema = z.object({
  type: z.literal("changes"),
  since: z.int(),
  seq: z.int(),
  diffs: z.array(DiffMessageSchema),
});
export type ChangesMessage = z.infer<typeof ChangesMessageSchema>;

export const AckMessageSchema = z.object({
  type: z.literal("ack"),
  mutationId: z.string(),
  seq: z.int(),
  duplicate: z.boolean(),
});
export type AckMessage = z.infer<typeof AckMessageSchema>;

/** A refusal in words: an English template with `{{name}}` holes (the key of the screens' Spanish) and its values. */
const RefusalWordsSchema = z.object({ text: z.string(), params: z.record(z.string(), z.string()) });

export const RejectMessageSchema = z.object({
  type: z.literal("reject"),
  mutationId: z.string(),
  code: ErrorCodeSchema,
  /** In English, for the old API and the logs; a screen shows `words` in its own language. */
  message: z.string(),
  words: z.optional(RefusalWordsSchema),
  car: z.optional(CarSchema),
  /** With a refused door sweep: each door that was refused, and why. */
  doors: z.optional(
    z.array(z.object({ door: z.string(), message: z.string(), words: z.optional(RefusalWordsSchema) })),
  ),
  duplicate: z.boolean(),
});
export type RejectMessage = z.infer<typeof RejectMessageSchema>;

const PresenceUserSchema = z.object({ id: z.string(), name: z.string(), role: RoleSchema });
type PresenceUser = z.infer<typeof PresenceUserSchema>;

/**
 * How many people a presence message names. A list of everyone is O(N) to every joiner and, in a reconnect storm,
 * O(N²) in all: 28 KB to each of 500 clients. The counts say how many; the names say who, up to here.
 */
export const PRESENCE_NAMED = 6;

/** How many sockets are open, by role: every presence message carries all of them, so a client never adds up. */
const PresenceCountsSchema = z.record(RoleSchema, z.int().check(z.nonnegative()));
export type PresenceCounts = z.infer<typeof PresenceCountsSchema>;

/**
 * Who is connected: sent to a socket once, as it joins (and to all after the hub wakes knowing nothing sent). `users`
 * names at most PRESENCE_NAMED, the longest connected first; `counts` are everyone.
 */
export const PresenceMessageSchema = z.object({
  type: z.literal("presence"),
  counts: PresenceCountsSchema,
  users: z.array(PresenceUserSchema).check(z.maxLength(PRESENCE_NAMED)),
});
export type PresenceMessage = z.infer<typeof PresenceMessageSchema>;
/** What a client holds of presence: the last list with every delta since applied. */
export type Presence = Omit<PresenceMessage, "type">;

/**
 * What changed since the last presence a socket heard: the counts, and who joined or left the named few. A join
 * costs the others about 150 bytes, at any N.
 */
export const PresenceDeltaMessageSchema = z.object({
  type: z.literal("presenceDelta"),
  counts: PresenceCountsSchema,
  joined: z.array(PresenceUserSchema).check(z.maxLength(PRESENCE_NAMED)),
  left: z.array(z.string()),
});
export type PresenceDeltaMessage = z.infer<typeof PresenceDeltaMessageSchema>;

export const NO_PRESENCE: Presence = { counts: { display: 0, crew: 0, supervisor: 0 }, users: [] };

/** Presence after a list or a delta: the same for the client and for tests that check what a client would hold. */
export function presenceAfter(held: Presence, msg: PresenceMessage | PresenceDeltaMessage): Presence {
  if (msg.type === "presence") return { counts: msg.counts, users: msg.users };
  const gone = new Set([...msg.left, ...msg.joined.map((u) => u.id)]);
  const users: PresenceUser[] = [...held.users.filter((u) => !gone.has(u.id)), ...msg.joined];
  return { counts: msg.counts, users };
}

/** Everyone connected, whatever their role. */
export function presenceTotal(p: Presence): number {
  return Object.values(p.counts).reduce((a, n) => a + n, 0);
}

export const ErrorMessageSchema = z.object({
  type: z.literal("error"),
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.optional(z.array(z.string())),
  /** With rate_limited: when sending again will be accepted. */
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
  /** With rate_limited: the mutation that was not applied (it stays in the client's outbox). */
  mutationId: z.optional(z.string()),
});
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion("type", [
  SnapshotMessageSchema,
  ChangesMessageSchema,
  DiffMessageSchema,
  AckMessageSchema,
  RejectMessageSchema,
  PresenceMessageSchema,
  PresenceDeltaMessageSchema,
  ErrorMessageSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** What a mutation came to: stored per mutationId so a replay gets the same answer. */
export type Outcome = AckMessage | RejectMessage;

/** GET /changes answers either the diffs since a seq or, when that is too old, a snapshot. */
export const ChangesResponseSchema = z.union([
  z.object({ seq: z.int(), diffs: z.array(DiffMessageSchema) }),
  z.object({ seq: z.int(), snapshot: SnapshotMessageSchema }),
]);
export type ChangesResponse = z.infer<typeof ChangesResponseSchema>;
