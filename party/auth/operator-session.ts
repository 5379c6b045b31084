import { ErrorCode, SessionClaimsSchema } from "../../shared";
import { OPERATOR_SESSION_TTL_MS, OperatorClaimsSchema, type OperatorClaims } from "../../shared/ops";
import { sessionSecret } from "./gate";
import { newClaims, tokenOf, verifyToken } from "./session-token";

/** The operator's own cookie, so the console and a building's board live side by side in one browser. */
export const OPERATOR_COOKIE = "ct_ops";

export type OperatorGate = { ok: true; claims: OperatorClaims } | { ok: false; code: ErrorCode; message: string };

/**
 * Ties an operator session to the ADMIN_CODE that opened it: a new code ends every operator session. A hash,
 * never the code: the token is readable by whoever holds it.
 */
export async function operatorKey(adminCode: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`operator:${adminCode}`));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function newOperatorClaims(name: string, key: string, now = Date.now()): OperatorClaims {
  const { sid } = newClaims("operator", "supervisor", name, 0, now);
  return { v: 1, sid, operator: true, name, key, exp: now + OPERATOR_SESSION_TTL_MS };
}

/** The Worker's check of an operator-only request: a good operator session, opened with today's ADMIN_CODE. */
export async function authenticateOperator(req: Request, env: Env): Promise<OperatorGate> {
  const secret = sessionSecret(env);
  if (!secret || !env.ADMIN_CODE) {
    return {
      ok: false,
      code: ErrorCode.Unavailable,
      message: "the operator console needs SESSION_SECRET and ADMIN_CODE",
    };
  }
  const token = tokenOf(req, null, OPERATOR_COOKIE);
  if (!token) {
    return {
      ok: false,
      code: ErrorCode.Unauthorized,
      message: 'sign in first: POST /api/session {"operator": true, …}',
    };
  }
  const verified = await verifyToken(token, secret, OperatorClaimsSchema);
  if (verified.ok) {
    if (verified.claims.key !== (await operatorKey(env.ADMIN_CODE))) {
      return { ok: false, code: ErrorCode.Unauthorized, message: "the admin code was changed; sign in again" };
    }
    return verified;
  }
  if (verified.reason === "malformed" && (await verifyToken(token, secret, SessionClaimsSchema)).ok) {
    return {
      ok: false,
      code: ErrorCode.Forbidden,
      message: "this is a building's session; the console is for operators",
    };
  }
  return { ok: false, code: ErrorCode.Unauthorized, message: "operator session is invalid or expired; sign in again" };
}
