import type { Refusal } from "../room/calls";
import { ErrorCode, httpStatusFor, LIMITS, parseValue, type ParseFailure } from "../../shared";
import type { z } from "../../shared/zod";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Every HTTP error: `error` keeps the old API's shape, `code` is from the shared vocabulary. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  // The code rides a header too, so the request's log line names it without reading the body.
  return json({ error: message, code, ...extra }, httpStatusFor(code), { "x-error-code": code, ...headers });
}

export function failureResponse(f: ParseFailure): Response {
  return errorResponse(f.code, f.message, f.issues ? { issues: f.issues } : {});
}

/**
 * Reads a stream up to `limit` bytes. A longer one is read on (and dropped) up to `drainTo`, then cancelled,
 * and answered "too large". A stream that breaks off is an empty body: what arrived is not a whole message.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  drainTo: number = limit,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > drainTo) {
        await reader.cancel().catch(() => undefined);
        break;
      }
      if (size <= limit) chunks.push(value);
    }
  } catch {
    return { ok: true, bytes: new Uint8Array(0) };
  }
  if (size > limit) return { ok: false };
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** Reads a JSON body, refusing more than the stated limit before it is all in memory. */
export async function readJson(
  req: Request,
  limit: number = LIMITS.httpBodyBytes,
): Promise<{ ok: true; value: unknown } | ParseFailure> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge: ParseFailure = { ok: false, code: ErrorCode.TooLarge, message: `body is larger than ${limit} bytes` };
  if (declared > limit) return tooLarge;
  if (!req.body) return { ok: false, code: ErrorCode.BadJson, message: "body is empty; expected JSON" };
  const read = await readCapped(req.body, limit);
  if (!read.ok) return tooLarge;
  const bytes = read.bytes;
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return { ok: false, code: ErrorCode.BadJson, message: "body is empty; expected JSON" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, code: ErrorCode.BadJson, message: "body is not valid JSON" };
  }
}

export async function readBody<S extends z.ZodMiniType>(
  req: Request,
  schema: S,
  knownTypes?: readonly string[],
): Promise<{ ok: true; value: z.infer<S> } | ParseFailure> {
  const raw = await readJson(req);
  if (!raw.ok) return raw;
  return parseValue(raw.value, schema, knownTypes);
}

/** A non-negative integer query parameter, or a failure naming it. */
export function intParam(
  url: URL,
  name: string,
  opts: { min?: number; max?: number; fallback?: number } = {},
): { ok: true; value: number | undefined } | ParseFailure {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return { ok: true, value: opts.fallback };
  const n = Number(raw);
  const min = opts.min ?? 0;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || (opts.max !== undefined && n > opts.max)) {
    const range = opts.max !== undefined ? ` from ${min} to ${opts.max}` : ` of at least ${min}`;
    return { ok: false, code: ErrorCode.InvalidMessage, message: `${name} must be a whole number${range}` };
  }
  return { ok: true, value: n };
}

/** 429 with Retry-After in whole seconds, and the exact wait in the body. */
/** A refused call as an answer: its code's status, and Retry-After when it says how long to wait. */
export function refusalResponse(r: Refusal | null): Response {
  if (!r) return errorResponse(ErrorCode.Unauthorized, "no session");
  return r.retryAfterMs === undefined ? errorResponse(r.code, r.message) : rateLimited(r.message, r.retryAfterMs);
}

export function rateLimited(message: string, waitMs: number): Response {
  return errorResponse(
    ErrorCode.RateLimited,
    message,
    { retryAfterMs: waitMs },
    { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
  );
}

/** Reads and drops what is left of a body (up to the limit), so the sender's stream ends cleanly. */
export async function drainBody(req: Request): Promise<void> {
  if (!req.body || req.bodyUsed) return;
  const reader = req.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > LIMITS.httpBodyBytes) return void (await reader.cancel());
    }
  } catch {
    // The sender went away; nothing to drain.
  }
}
