import { SessionClaimsSchema, type SessionClaims } from "../../shared";

/**
 * The Worker tells the Durable Object whose verified session a request carries
 * through this header. The Worker drops any `x-ct-*` header a client sends, and
 * the DO is reachable only through the Worker.
 */
export const SESSION_HEADER = "x-ct-session";
export const INTERNAL_HEADER_PREFIX = "x-ct-";

export function withSession(req: Request, claims: SessionClaims | null): Request {
  const next = new Request(req);
  if (claims) next.headers.set(SESSION_HEADER, JSON.stringify(claims));
  return next;
}

export function sessionOf(req: Request): SessionClaims | null {
  const raw = req.headers.get(SESSION_HEADER);
  if (!raw) return null;
  try {
    const parsed = SessionClaimsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
