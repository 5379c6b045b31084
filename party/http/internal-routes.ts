import { z } from "zod";
import { ACCESS_CODE_MAX, ErrorCode, type SessionClaims } from "../../shared";
import type { AccessGuard } from "../auth/access-guard";
import { sessionOf } from "../auth/session-header";
import { errorResponse, failureResponse, json, rateLimited, readBody } from "./respond";

/** What the Worker's session routes need from a facility's Durable Object. */
export interface AccessHost {
  readonly exists: boolean;
  readonly guard: AccessGuard;
  /** Null when the forwarded session may act here, else the refusal. */
  admit(claims: SessionClaims | null): { code: ErrorCode; message: string } | null;
  /** Closes this session's sockets: it has signed out. */
  endSession(sid: string, why: string): void;
}

/** `client` is the address the Worker saw (CF-Connecting-IP), for limiting wrong codes per guesser. */
const SignInBody = z.strictObject({ code: z.string().max(ACCESS_CODE_MAX), client: z.string().max(64) });

/** Paths only the Worker reaches (it forwards nothing under /internal from a client). */
export async function handleInternal(host: AccessHost, req: Request, path: string): Promise<Response> {
  switch (`${req.method} ${path}`) {
    case "POST /internal/sign-in": {
      if (!host.exists) return errorResponse(ErrorCode.UnknownFacility, "no such facility");
      const body = await readBody(req, SignInBody);
      if (!body.ok) return failureResponse(body);
      const result = await host.guard.signIn(body.value.code, body.value.client);
      if (result.ok) return json({ role: result.role, gen: result.gen, operator: result.operator });
      if (result.reason === "rate_limited") {
        return rateLimited("too many wrong codes; wait and try again", result.retryAfterMs);
      }
      return errorResponse(
        ErrorCode.Unauthorized,
        "That code opens nothing at this building. Check it with your supervisor.",
      );
    }
    case "GET /internal/session": {
      const refused = host.admit(sessionOf(req));
      return refused ? errorResponse(refused.code, refused.message) : json({ ok: true });
    }
    case "POST /internal/sign-out": {
      const claims = sessionOf(req);
      if (claims && !host.admit(claims)) {
        host.guard.revoke(claims);
        host.endSession(claims.sid, "signed out");
      }
      return json({ signedOut: true });
    }
  }
  return errorResponse(ErrorCode.NotFound, `no endpoint ${path}`);
}
