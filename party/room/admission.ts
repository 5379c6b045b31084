import { CloseCode, ErrorCode, PROTOCOL_VERSION, type SessionClaims } from "../../shared";
import { sessionOf } from "../auth/session-header";

/** Whether a new socket may join, and what it asked to catch up from; or the error frame and close code it gets. */
export type Admission =
  | { ok: true; claims: SessionClaims; since: number | null }
  | { ok: false; code: ErrorCode; message: string; close: number; reason: string };

export interface AdmissionHost {
  readonly name: string;
  readonly exists: boolean;
  admit(claims: SessionClaims | null): { code: ErrorCode; message: string } | null;
}

/**
 * Checked in this order on purpose: a client on another protocol version cannot read
 * anything else we would say, and an unknown facility has no codes to check a session against.
 */
export function admitSocket(host: AdmissionHost, request: Request): Admission {
  const url = new URL(request.url);
  const protocol = url.searchParams.get("protocol");
  if (protocol !== String(PROTOCOL_VERSION)) {
    return {
      ok: false,
      code: ErrorCode.ProtocolMismatch,
      message: `this hub speaks protocol ${PROTOCOL_VERSION}, not ${protocol ?? "(none)"}`,
      close: CloseCode.ProtocolMismatch,
      reason: "protocol mismatch",
    };
  }
  if (!host.exists) {
    const message = `no facility ${host.name}`;
    return {
      ok: false,
      code: ErrorCode.UnknownFacility,
      message,
      close: CloseCode.UnknownFacility,
      reason: "unknown facility",
    };
  }
  const claims = sessionOf(request);
  const refused = host.admit(claims);
  if (refused || !claims) {
    const code = refused?.code ?? ErrorCode.Unauthorized;
    const close = code === ErrorCode.Forbidden ? CloseCode.Forbidden : CloseCode.Unauthorized;
    return { ok: false, code, message: refused?.message ?? "no session", close, reason: code };
  }
  const sinceRaw = url.searchParams.get("since");
  const since = sinceRaw !== null && /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : null;
  return { ok: true, claims, since };
}
