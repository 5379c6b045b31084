import type { z } from "./zod";
import { ErrorCode } from "./errors";

export interface ParseFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  issues?: string[];
}

/** zod issues as short "path: message" lines a person can act on. */
export function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => {
    const path = i.path.map(String).join(".");
    return path ? `${path}: ${i.message}` : i.message;
  });
}

/**
 * Parses a JSON text against a schema of a discriminated union, telling an unknown
 * `type` apart from a malformed message of a known type.
 */
export function parseJsonMessage<S extends z.ZodMiniType>(
  text: string,
  schema: S,
  knownTypes: readonly string[],
): { ok: true; value: z.infer<S> } | ParseFailure {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: ErrorCode.BadJson, message: "body is not valid JSON" };
  }
  return parseValue(raw, schema, knownTypes);
}

export function parseValue<S extends z.ZodMiniType>(
  raw: unknown,
  schema: S,
  knownTypes?: readonly string[],
): { ok: true; value: z.infer<S> } | ParseFailure {
  if (knownTypes && raw && typeof raw === "object" && !Array.isArray(raw)) {
    const type = (raw as { type?: unknown }).type;
    if (typeof type === "string" && !knownTypes.includes(type)) {
      return { ok: false, code: ErrorCode.UnknownType, message: `unknown message type "${type.slice(0, 40)}"` };
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeIssues(result.error);
  return { ok: false, code: ErrorCode.InvalidMessage, message: issues[0] ?? "invalid message", issues };
}

/** The mutation id of a message the hub could not read, so the sender can still be told about that mutation. */
export function mutationIdIn(text: string): string | null {
  try {
    const raw = JSON.parse(text) as { mutation?: { mutationId?: unknown } } | null;
    const id = raw?.mutation?.mutationId;
    return typeof id === "string" && id.length > 0 && id.length <= 64 ? id : null;
  } catch {
    return null;
  }
}

/**
 * The end of every switch over a union: a new member that is not handled stops the build here, and a value
 * the types say cannot arrive is refused loudly at run time instead of being dropped.
 */
export function unreachable(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)?.slice(0, 80)}`);
}
