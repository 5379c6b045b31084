import { z } from "../../shared/zod";
import {
  ErrorCode,
  LIMITS,
  OPERATOR_MARK,
  RotateCodeResponseSchema,
  parseValue,
  SignInRequestSchema,
  type SessionClaims,
  type SessionInfo,
} from "../../shared";
import { OperatorSignInSchema } from "../../shared/ops";
import { authenticate, sessionSecret } from "../auth/gate";
import { clearedSessionCookie, newClaims, sessionCookie, signSession } from "../auth/session-token";
import { d1, facilityKnown } from "../store/d1-audit";
import { OPERATOR_COOKIE, newOperatorClaims, operatorKey } from "../auth/operator-session";
import { errorResponse, failureResponse, json, rateLimited, readJson, refusalResponse } from "./respond";

const OPERATOR_SUFFIX = ` ${OPERATOR_MARK}`;

/** POST signs in, GET says who this is (and whether the hub still accepts it), DELETE signs out. */
export async function handleSession(req: Request, env: Env, url: URL): Promise<Response> {
  switch (req.method) {
    case "POST":
      return signIn(req, env, url);
    case "GET": {
      const gate = await authenticate(req, env);
      if (!gate.ok) return errorResponse(gate.code, gate.message);
      const held = await env.Facility.getByName(gate.claims.facility).checkSession(gate.claims);
      return held.ok ? json(info(gate.claims)) : refusalResponse(held);
    }
    case "DELETE": {
      const gate = await authenticate(req, env);
      if (gate.ok) await env.Facility.getByName(gate.claims.facility).signOut(gate.claims);
      return json({ signedOut: true }, 200, { "set-cookie": clearedSessionCookie(url) });
    }
  }
  return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/session`);
}

async function signIn(req: Request, env: Env, url: URL): Promise<Response> {
  const secret = sessionSecret(env);
  if (!secret) return errorResponse(ErrorCode.Unavailable, "sign-in is disabled: SESSION_SECRET is not set");
  const raw = await readJson(req);
  if (!raw.ok) return failureResponse(raw);
  if (typeof raw.value === "object" && raw.value !== null && "operator" in raw.value) {
    return operatorSignIn(raw.value, env, url, req, secret);
  }
  const body = parseValue(raw.value, SignInRequestSchema);
  if (!body.ok) return failureResponse(body);
  const { facility, code, name, bearer } = body.value;
  if (!(await known(env, facility))) return errorResponse(ErrorCode.UnknownFacility, `no facility ${facility}`);
  const answer = await env.Facility.getByName(facility).signIn(code, clientOf(req));
  if (!answer.ok) return refusalResponse(answer);
  const opened = answer.value;
  // Whoever used the operator's code is named as such in the audit.
  const who = opened.operator
    ? `${name.slice(0, LIMITS.actorNameMax - OPERATOR_SUFFIX.length)}${OPERATOR_SUFFIX}`
    : name;
  const claims = newClaims(facility, opened.role, who, opened.gen);
  return issue(claims, secret, url, bearer === true, 201);
}

/** The operator's console: ADMIN_CODE opens a session that belongs to no facility (guesses limited as for PUT). */
async function operatorSignIn(raw: unknown, env: Env, url: URL, req: Request, secret: string): Promise<Response> {
  const body = parseValue(raw, OperatorSignInSchema);
  if (!body.ok) return failureResponse(body);
  const verdict = await operatorVerdict(env, body.value.code, req);
  if (verdict) return verdict;
  const claims = newOperatorClaims(body.value.name, await operatorKey(env.ADMIN_CODE!));
  const token = await signSession(claims, secret);
  const info = { operator: true, name: claims.name, expiresAt: new Date(claims.exp).toISOString() };
  return json(body.value.bearer ? { ...info, token } : info, 201, {
    "set-cookie": sessionCookie(token, claims, url, OPERATOR_COOKIE),
  });
}

/** Null when `code` is the operator's; otherwise the answer to give (wrong, rate limited, or no ADMIN_CODE). */
export async function operatorVerdict(env: Env, code: string, req: Request): Promise<Response | null> {
  const verdict = await env.OperatorGate.getByName("operator").check(code.slice(0, 256), clientOf(req));
  if (verdict.ok) return null;
  switch (verdict.reason) {
    case "disabled":
      return errorResponse(ErrorCode.Unavailable, "operators are disabled: ADMIN_CODE is not set");
    case "rate_limited":
      return rateLimited("too many wrong admin codes; wait and try again", verdict.retryAfterMs);
    case "wrong_code":
      return errorResponse(ErrorCode.Unauthorized, "a valid admin code is required");
    default:
      return verdict satisfies never;
  }
}

/** Cloudflare's edge sets CF-Connecting-IP and overwrites any a client sends; `wrangler dev` sets it too. */
export function clientOf(req: Request): string {
  return (req.headers.get("cf-connecting-ip") ?? "unknown").slice(0, 64);
}

/** Facilities are known to D1 from their creation (or first flush); unknown ids never wake a Durable Object. */
async function known(env: Env, facility: string): Promise<boolean> {
  if (env.DEMO_FACILITY && facility === env.DEMO_FACILITY) return true;
  try {
    return await facilityKnown(d1(env.DB), facility);
  } catch (err) {
    // D1 down: the facility's own hub decides (it answers unknown_facility if it has no state).
    console.warn("D1 facility lookup failed; asking the hub:", String(err));
    return true;
  }
}

export async function issue(
  claims: SessionClaims,
  secret: string,
  url: URL,
  withToken: boolean,
  status = 200,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  const token = await signSession(claims, secret);
  const body: SessionInfo = { ...info(claims), ...(withToken ? { token } : {}) };
  return json({ ...extra, ...body }, status, { "set-cookie": sessionCookie(token, claims, url) });
}

function info(c: SessionClaims): SessionInfo {
  return { facility: c.facility, role: c.role, name: c.name, expiresAt: new Date(c.exp).toISOString() };
}

/**
 * Rotating a code ends every session opened with the old one, the caller's too if
 * it is their own role; the caller gets a fresh session so they are not thrown out.
 */
export async function afterRotation(
  res: Response,
  claims: SessionClaims,
  env: Env,
  url: URL,
  bearer: boolean,
): Promise<Response> {
  const secret = sessionSecret(env);
  if (!res.ok || !secret) return res;
  const body = RotatedSchema.safeParse(await res.json());
  if (!body.success) return errorResponse(ErrorCode.Internal, "the hub's answer to a code change was unreadable");
  const { gen, ...answer } = body.data;
  if (answer.role !== claims.role) return json(answer);
  const renewed = newClaims(claims.facility, claims.role, claims.name, gen);
  return issue(renewed, secret, url, bearer, 200, answer);
}

const RotatedSchema = z.extend(RotateCodeResponseSchema, { gen: z.int() });
