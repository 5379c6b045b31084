import { ErrorCode, type SessionClaims } from "../../shared";
import { SESSION_SECRET_MIN, tokenOf, verifySession } from "./session-token";

export type Gate =
  { ok: true; claims: SessionClaims; bearer: boolean } | { ok: false; code: ErrorCode; message: string };

/**
 * The Worker's check of a request's session, before anything reaches a Durable
 * Object; with `facility`, also that the session is for that facility.
 */
export async function authenticate(
  req: Request,
  env: Env,
  facility?: string,
  upgradeToken: string | null = null,
): Promise<Gate> {
  const secret = sessionSecret(env);
  if (!secret)
    return { ok: false, code: ErrorCode.Unavailable, message: "sign-in is disabled: SESSION_SECRET is not set" };
  const token = tokenOf(req, upgradeToken);
  if (!token) {
    return {
      ok: false,
      code: ErrorCode.Unauthorized,
      message: "sign in first: POST /api/session, then send the cookie or Authorization: Bearer <token>",
    };
  }
  const result = await verifySession(token, secret);
  if (!result.ok) {
    const why = {
      malformed: "session token is malformed",
      signature: "session signature is invalid",
      expired: "session expired",
    };
    return { ok: false, code: ErrorCode.Unauthorized, message: `${why[result.reason]}; sign in again` };
  }
  if (facility !== undefined && result.claims.facility !== facility) {
    return { ok: false, code: ErrorCode.Forbidden, message: `this session is for facility ${result.claims.facility}` };
  }
  return { ok: true, claims: result.claims, bearer: /^Bearer\s/i.test(req.headers.get("authorization") ?? "") };
}

export function sessionSecret(env: Env): string | null {
  const s = env.SESSION_SECRET;
  return typeof s === "string" && s.length >= SESSION_SECRET_MIN ? s : null;
}

/** Origins besides our own that may call us with credentials, from the ALLOWED_ORIGINS var (comma-separated). */
function allowedOrigins(env: Env): string[] {
  const raw = env.ALLOWED_ORIGINS;
  return typeof raw === "string"
    ? raw
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean)
    : [];
}

/**
 * Browsers send Origin on WebSocket upgrades and on unsafe methods; a page on
 * another site must not ride a signed-in handheld's cookie. No Origin at all is a
 * script or a device, which authenticates with a Bearer token instead.
 */
export function originAllowed(req: Request, url: URL, env: Env): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  return origin === url.origin || allowedOrigins(env).includes(origin);
}

/** CORS headers for a configured foreign origin, none for everyone else (same-origin by default). */
export function corsHeaders(req: Request, url: URL, env: Env): Record<string, string> {
  const origin = req.headers.get("origin");
  if (!origin || origin === url.origin || !allowedOrigins(env).includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-allow-methods": "GET, POST, PUT, DELETE",
    "access-control-allow-headers": "authorization, content-type, if-none-match",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

/** A socket refused by the Worker still hears why, so a browser (which cannot read the HTTP status) can sign in again. */
export function refuseSocket(code: ErrorCode, message: string, closeCode: number): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  server.send(JSON.stringify({ type: "error", code, message }));
  server.close(closeCode, code);
  return new Response(null, { status: 101, webSocket: client });
}
