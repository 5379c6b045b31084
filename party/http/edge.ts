import { ErrorCode, LIMITS } from "../../shared";
import { INTERNAL_HEADER_PREFIX } from "../auth/session-header";
import { errorResponse, readCapped } from "./respond";

/**
 * What the Worker forwards to a hub, and only that. partyserver reads `x-partykit-*` headers (props, room,
 * namespace) and the `_pk` query parameter (the connection id) from whatever reaches it; a client may set
 * none of them. The hub chooses connection ids; the router sets its own headers after this.
 */
const STRIPPED_HEADER_PREFIXES = [INTERNAL_HEADER_PREFIX, "x-partykit-"];
const STRIPPED_QUERY = ["_pk", "token"];

export type Cleaned =
  { ok: true; req: Request; url: URL; upgradeToken: string | null } | { ok: false; response: Response };

/**
 * The request as a hub may see it (API and party paths; assets go straight to the asset server). A body is read here, whole, up to the limit: a body left streaming
 * behind an early answer broke the next person's request under `wrangler dev` ("Can't read from request
 * stream after response has been sent"), so no hub or route ever answers before the body is in.
 */
export async function cleanRequest(incoming: Request, url: URL): Promise<Cleaned> {
  const next = new URL(url);
  for (const k of STRIPPED_QUERY) next.searchParams.delete(k);
  const headers = new Headers();
  for (const [k, v] of incoming.headers) {
    if (!STRIPPED_HEADER_PREFIXES.some((p) => k.toLowerCase().startsWith(p))) headers.set(k, v);
  }
  let body: Uint8Array | null = null;
  if (incoming.body) {
    const read = await readCapped(incoming.body, LIMITS.httpBodyBytes, DRAIN_BYTES);
    if (!read.ok) {
      return {
        ok: false,
        response: errorResponse(ErrorCode.TooLarge, `body is larger than ${LIMITS.httpBodyBytes} bytes`),
      };
    }
    body = read.bytes;
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
  }
  const init: RequestInit = { method: incoming.method, headers, redirect: "manual" };
  // Read and dropped for GET and HEAD, which may not carry one onwards.
  if (body !== null && incoming.method !== "GET" && incoming.method !== "HEAD") init.body = body;
  else headers.delete("content-length");
  const upgrade = incoming.headers.get("upgrade")?.toLowerCase() === "websocket";
  const upgradeToken = upgrade ? url.searchParams.get("token") : null;
  return { ok: true, req: new Request(next, init), url: next, upgradeToken };
}

/**
 * What the Worker reads (and drops) of a body it refuses before it cancels the rest. Cancelling early broke
 * the next request from someone else under `wrangler dev` (a 503 "Your worker restarted mid-request"), so
 * a refused body is read to its end; this bound is Cloudflare's own (its edge refuses bodies over 100 MB).
 */
const DRAIN_BYTES = 100 * 1024 * 1024;

/** A path segment decoded once; null when its percent-encoding is broken (the client's mistake, a 400). */
export function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function badEncoding(): Response {
  return errorResponse(ErrorCode.InvalidMessage, "the path has invalid percent-encoding");
}

/** Codes for statuses that a library, not our routes, may answer with. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.InvalidMessage,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.TooLarge,
  503: ErrorCode.Unavailable,
};

/**
 * Every answer of the API and party paths leaves through here: an error that is not our coded JSON (a
 * library's text, a stack) is replaced by one that is, and every answer says nosniff. A 101 passes untouched.
 */
export function sealed(res: Response, method: string, path: string): Response {
  if (res.status === 101) return res;
  const type = res.headers.get("content-type") ?? "";
  if (res.status >= 400 && !type.startsWith("application/json")) {
    console.error("replaced an uncoded error answer", method, path, res.status);
    const code = CODE_FOR_STATUS[res.status] ?? ErrorCode.Internal;
    return errorResponse(code, code === ErrorCode.Internal ? "internal error; nothing was changed" : code);
  }
  if (res.headers.get("x-content-type-options") === "nosniff") return res;
  const out = new Response(res.body, res);
  out.headers.set("x-content-type-options", "nosniff");
  return out;
}
