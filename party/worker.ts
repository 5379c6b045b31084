import { routePartykitRequest } from "partyserver";
import {
  DEFAULT_LOCATIONS,
  DEMO_FACILITY_NAME,
  ErrorCode,
  FacilityIdSchema,
  FacilitySchema,
  LIMITS,
  parseValue,
} from "../shared";
import { ACTOR_HEADER, withActor } from "./http/actor";
import { requestActor } from "./http/identity";
import { handleLegacy, type FacilityCall } from "./http/legacy-api";
import { errorResponse, failureResponse, json, readJson } from "./http/respond";
import { d1, listFacilities } from "./store/d1-audit";

export { FacilityServer } from "./facility-server";

const PARTY_PATH = /^\/parties\/facility\/([^/]+)\/?$/;
const FACILITY_API = /^\/api\/facilities\/([^/]+)(\/.*)?$/;
/** The old API and its scripts know no facility; they speak to this one. */
const LEGACY_FACILITY = "demo";

export default {
  async fetch(req, env): Promise<Response> {
    const url = new URL(req.url);
    // Nobody outside the Worker may tell the hub who is acting.
    if (req.headers.has(ACTOR_HEADER)) {
      req = new Request(req);
      req.headers.delete(ACTOR_HEADER);
    }
    try {
      if (url.pathname.startsWith("/parties/")) return await routeParty(req, env, url);
      if (url.pathname.startsWith("/api/")) return await routeApi(req, env, url);
      return env.ASSETS.fetch(req);
    } catch (err) {
      console.error("unhandled error", req.method, url.pathname, err);
      return errorResponse(ErrorCode.Internal, "internal error; nothing was changed by this request");
    }
  },
} satisfies ExportedHandler<Env>;

async function routeParty(req: Request, env: Env, url: URL): Promise<Response> {
  const match = PARTY_PATH.exec(url.pathname);
  if (!match) return errorResponse(ErrorCode.NotFound, "rooms live at /parties/facility/<facilityId>");
  const fid = FacilityIdSchema.safeParse(decodeURIComponent(match[1]!));
  if (!fid.success) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
  const routed = await routePartykitRequest(withActor(req, requestActor(req)), env);
  return routed ?? errorResponse(ErrorCode.NotFound, "no such room");
}

function facilityCall(env: Env, fid: string, req: Request): FacilityCall {
  const stub = env.Facility.getByName(fid);
  return (path, init = {}) => {
    const target = new Request(`https://hub/api/facilities/${fid}${path}`, {
      method: init.method ?? "GET",
      ...(init.body !== undefined
        ? { body: JSON.stringify(init.body), headers: { "content-type": "application/json" } }
        : {}),
    });
    return stub.fetch(withActor(target, requestActor(req, init.actorName)));
  };
}

async function routeApi(req: Request, env: Env, url: URL): Promise<Response> {
  // Refused here, before a byte is streamed to a Durable Object; bodies without a length are capped where read.
  if (Number(req.headers.get("content-length") ?? 0) > LIMITS.httpBodyBytes) {
    return errorResponse(ErrorCode.TooLarge, `body is larger than ${LIMITS.httpBodyBytes} bytes`);
  }
  if (url.pathname === "/api/health") {
    return req.method === "GET"
      ? json({ status: "ok", timestamp: new Date().toISOString() })
      : errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/health`);
  }
  if (url.pathname === "/api/facilities") {
    if (req.method !== "GET")
      return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/facilities`);
    const facilities = await listFacilities(d1(env.DB));
    // D1 learns of a facility from its first flush; the demo one is listed before anyone opened it.
    const demo = env.DEMO_FACILITY;
    if (demo && !facilities.some((f) => f.id === demo)) facilities.unshift({ id: demo, name: DEMO_FACILITY_NAME });
    return json({ facilities });
  }
  const match = FACILITY_API.exec(url.pathname);
  if (match) {
    const fid = FacilityIdSchema.safeParse(decodeURIComponent(match[1]!));
    if (!fid.success) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
    if (!match[2] && req.method === "PUT") return createFacility(req, env, fid.data);
    return env.Facility.getByName(fid.data).fetch(withActor(req, requestActor(req)));
  }
  const legacy = await handleLegacy(req, facilityCall(env, LEGACY_FACILITY, req));
  return legacy ?? errorResponse(ErrorCode.NotFound, `no endpoint ${url.pathname}`);
}

/** Operators create facilities with the ADMIN_CODE secret; there is no other way in. */
async function createFacility(req: Request, env: Env, fid: string): Promise<Response> {
  const admin = env.ADMIN_CODE;
  if (!admin) return errorResponse(ErrorCode.Unavailable, "facility creation is disabled: ADMIN_CODE is not set");
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!(await sameSecret(given, admin))) return errorResponse(ErrorCode.Unauthorized, "a valid admin code is required");
  const raw = await readJson(req);
  if (!raw.ok) return failureResponse(raw);
  const body = parseValue({ locations: [...DEFAULT_LOCATIONS], ...(raw.value as object), id: fid }, FacilitySchema);
  if (!body.ok) return failureResponse(body);
  return env.Facility.getByName(fid).fetch(
    new Request(`https://hub/api/facilities/${fid}`, { method: "PUT", body: JSON.stringify(body.value) }),
  );
}

/** Constant-time comparison through digests, so the code's length and prefix leak nothing. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(a)),
    crypto.subtle.digest("SHA-256", enc.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}
