import {
  ErrorCode,
  LIMITS,
  mutationIdIn,
  parseClientMessage,
  type ClientMessage,
  type ErrorMessage,
  type RejectMessage,
} from "../../shared";
import type { Frame } from "./socket";

export function errorJson(code: ErrorCode, message: string, extra: Partial<ErrorMessage> = {}): string {
  const msg: ErrorMessage = { type: "error", code, message, ...extra };
  return JSON.stringify(msg);
}

/** A frame the hub can act on, or the reply that says why it cannot. */
export type Decoded = { ok: true; msg: ClientMessage } | { ok: false; reply: string };

export function decodeFrame(message: Frame): Decoded {
  if (typeof message !== "string") {
    return { ok: false, reply: errorJson(ErrorCode.InvalidMessage, "binary frames are not accepted; send JSON text") };
  }
  if (message.length > LIMITS.wsFrameBytes) {
    return { ok: false, reply: errorJson(ErrorCode.TooLarge, `frame is larger than ${LIMITS.wsFrameBytes} bytes`) };
  }
  const parsed = parseClientMessage(message);
  if (parsed.ok) return { ok: true, msg: parsed.value };
  // A mutation the hub cannot read is still answered by its id, so the client can drop it from its outbox.
  const mutationId = mutationIdIn(message);
  if (!mutationId) {
    return { ok: false, reply: errorJson(parsed.code, parsed.message, parsed.issues ? { issues: parsed.issues } : {}) };
  }
  const reject: RejectMessage = {
    type: "reject",
    mutationId,
    code: parsed.code,
    message: parsed.message,
    duplicate: false,
  };
  return { ok: false, reply: JSON.stringify(reject) };
}

/** Over the limit: nothing is applied, and a mutation stays in the sender's outbox for later. */
export function rateLimitedJson(message: Frame, waitMs: number): string {
  const mutationId =
    typeof message === "string" && message.length <= LIMITS.wsFrameBytes ? mutationIdIn(message) : null;
  return errorJson(ErrorCode.RateLimited, `too many messages from this session; send again in ${waitMs} ms`, {
    retryAfterMs: waitMs,
    ...(mutationId ? { mutationId } : {}),
  });
}
