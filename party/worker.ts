import "./zod-english";
import { DurableObject } from "cloudflare:workers";
import { routePartykitRequest } from "partyserver";
import {
  CloseCode,
  DEMO_FACILITY_NAME,
  ErrorCode,
  FacilityIdSchema,
  LIMITS,
  logLine,
  routeOf,
  type SessionClaims,
} from "../shared";
import { authenticate, corsHeaders, originAllowed, refuseSocket } from "./auth/gate";
import { OperatorCheck } from "./auth/operator-check";
import { withSession } from "./auth/session-header";
import { badEncoding, cleanRequest, decodeSegment, sealed } from "./http/edge";
import { handleLegacy, type LegacyHub } from "./http/legacy-api";
import type { FacilityServer } from "./facility-server";
import { errorResponse, failureResponse, json, readJson } from "./http/respond";
import { clientError, createBuilding, handleOps } from "./http/ops-routes";
import { afterRotation, handleSession, operatorVerdict } from "./http/session-routes";
import { RateLimiter } from "./auth/rate-limit";
import { vapidOf } from "./push/vapid-env";
import { d1, listFacilities } from "./store/d1-audit";
import { buildingsBehind, pruneClientErrors } from "./store/retention";

export { FacilityServer } from "./facility-server";

/** Buildings one cron invocation wakes for their retention (each a Durable Object call, within the limits). */
const WAKE_MAX = 200;

/**
 * One instance ("operator") counts wrong ADMIN_CODE guesses across every facility id they name, and error
 * reports per session across every Worker.
 */
export class OperatorGate extends DurableObject<Env> {
  #gate = new OperatorCheck(() => this.env.ADMIN_CODE);
  #reports = new RateLimiter(10, 0.2);

  check(code: string, client: string) {
    return this.#gate.check(code, client);
  }

  reportWait(sid: string): number | null {
    return this.#reports.take(sid);
  }
}

const PARTY_PATH = /^\/parties\/facility\/([^/]+)\/?$/;
const FACILITY_API = /^\/api\/facilities\/([^/]+)(\/.*)?$/;
/** The old API and its scripts know no facility; they speak to this one. */
const LEGACY_FACILITY = "demo";

export default {
  async fetch(incoming, env): Promise<Response> {
    const raw = new URL(incoming.url);
    if (!raw.pathname.startsWith("/parties/") && !raw.pathname.startsWith("/api/")) return env.ASSETS.fetch(incoming);
    const started = Date.now();
    let res: Response;
    try {
      const cleaned = await cleanRequest(incoming, raw);
      res = cleaned.ok ? await route(cleaned.req, env, cleaned.url, cleaned.upgradeToken) : cleaned.response;
    } catch (err) {
      console.error("request could not be read", incoming.method, raw.pathname, err);
      res = errorResponse(ErrorCode.Internal, "internal error; nothing was changed by this request");
    }
    const out = sealed(res, incoming.method, raw.pathname);
    if (env.LOG_REQUESTS !== "off") {
      const { route, facility } = routeOf(incoming.method, raw.pathname);
      const id = incoming.headers.get("cf-ray") ?? crypto.randomUUID();
      const outcome = out.headers.get("x-error-code") ?? "ok";
      console.log(
        logLine({
          kind: "request",
          facility,
          id,
          route,
          outcome,
          status: out.status,
          durationMs: Date.now() - started,
        }),
      );
    }
    return out;
  },

  /** The daily cron: wakes the buildings whose own retention is behind, and prunes the screens' old errors. */
  async scheduled(controller, env, _ctx): Promise<void> {
    await runRetention(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;

/**
 * Each building moves its own old rows to R2 from its Durable Object's alarm, once a day at its own time
 * (party/room/retention-job.ts), within its own limits: one invocation walking every building ran out of D1
 * queries past a few hundred. This only wakes the buildings that are behind (one call each, WAKE_MAX at most).
 */
export async function runRetention(env: Env, now: number): Promise<{ woken: string[] }> {
  const behind = await buildingsBehind(env.DB, now, WAKE_MAX);
  const woken: string[] = [];
  for (const fid of behind) {
    try {
      const answer = await env.Facility.getByName(fid).retainSoon();
      if (answer.ok) woken.push(fid);
    } catch (err) {
      console.error("could not wake", fid, "for retention:", String(err));
    }
  }
  await pruneClientErrors(env.DB, now);
  console.log(JSON.stringify({ kind: "retention", behind: behind.length, woken: woken.length }));
  return { woken };
}

async function route(req: Request, env: Env, url: URL, upgradeToken: string | null): Promise<Response> {
  try {
    if (url.pathname.startsWith("/parties/")) return await routeParty(req, env, url, upgradeToken);
    const cors = corsHeaders(req, url, env);
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
    const res = await routeApi(req, env, url);
    if (Object.keys(cors).length === 0) return res;
    const withCors = new Response(res.body, res);
    for (const [k, v] of Object.entries(cors)) withCors.headers.set(k, v);
    return withCors;
  } catch (err) {
    console.error("unhandled error", req.method, url.pathname, err);
    return errorResponse(ErrorCode.Internal, "internal error; nothing was changed by this request");
  }
}

/** A facility id from a path segment; undefined when the segment's encoding is broken. */
function facilityOf(raw: string): string | null | undefined {
  const decoded = decodeSegment(raw);
  if (decoded === null) return undefined;
  const fid = FacilityIdSchema.safeParse(decoded);
  return fid.success ? fid.data : null;
}

async function routeParty(req: Request, env: Env, url: URL, upgradeToken: string | null): Promise<Response> {
  const match = PARTY_PATH.exec(url.pathname);
  if (!match) return errorResponse(ErrorCode.NotFound, "rooms live at /parties/facility/<facilityId>");
  const fid = facilityOf(match[1]!);
  if (fid === undefined) return badEncoding();
  if (!fid) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
  const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
  if (!originAllowed(req, url, env)) return errorResponse(ErrorCode.Forbidden, "this origin may not connect");
  const gate = await authenticate(req, env, fid, upgradeToken);
  if (!gate.ok) {
    const close = gate.code === ErrorCode.Forbidden ? CloseCode.Forbidden : CloseCode.Unauthorized;
    return upgrade ? refuseSocket(gate.code, gate.message, close) : errorResponse(gate.code, gate.message);
  }
  const routed = await routePartykitRequest(withSession(req, gate.claims), env);
  return routed ?? errorResponse(ErrorCode.NotFound, "no such room");
}

async function routeApi(req: Request, env: Env, url: URL): Promise<Response> {
  // Refused here, before a byte is streamed to a Durable Object; bodies without a length are capped where read.
  if (Number(req.headers.get("content-length") ?? 0) > LIMITS.httpBodyBytes) {
    return errorResponse(ErrorCode.TooLarge, `body is larger than ${LIMITS.httpBodyBytes} bytes`);
  }
  if (req.method !== "GET" && req.method !== "HEAD" && !originAllowed(req, url, env)) {
    return errorResponse(ErrorCode.Forbidden, "requests from this origin are not allowed");
  }
  if (url.pathname === "/api/health") {
    return req.method === "GET"
      ? json({ status: "ok", timestamp: new Date().toISOString() })
      : errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/health`);
  }
  if (url.pathname === "/api/session") return handleSession(req, env, url);
  if (url.pathname.startsWith("/api/ops/")) return handleOps(req, env, url);
  if (url.pathname === "/api/client-errors") return clientError(req, env);
  if (url.pathname === "/api/push/vapid-key") {
    if (req.method !== "GET") return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed here`);
    const vapid = vapidOf(env);
    return vapid
      ? json({ publicKey: vapid.publicKey }, 200, { "cache-control": "public, max-age=3600" })
      : errorResponse(ErrorCode.Unavailable, "push is not set up on this hub (no VAPID key)");
  }
  if (url.pathname === "/api/facilities") {
    if (req.method !== "GET")
      return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/facilities`);
    // Archived buildings are nobody's to sign in to; the operator's console still lists them.
    const facilities = (await listFacilities(d1(env.DB)))
      .filter((f) => !f.archived)
      .map(({ id, name }) => ({ id, name }));
    // D1 learns of a facility from its first flush; the demo one is listed before anyone opened it.
    const demo = env.DEMO_FACILITY;
    if (demo && !facilities.some((f) => f.id === demo)) facilities.unshift({ id: demo, name: DEMO_FACILITY_NAME });
    return json({ facilities });
  }
  const match = FACILITY_API.exec(url.pathname);
  const fid = match ? facilityOf(match[1]!) : LEGACY_FACILITY;
  if (fid === undefined) return badEncoding();
  if (!fid) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
  if (match && !match[2] && req.method === "PUT") return createFacility(req, env, fid);

  const gate = await authenticate(req, env, fid);
  if (!gate.ok) return errorResponse(gate.code, gate.message);
  const stub = env.Facility.getByName(fid);
  if (match) {
    const res = await stub.fetch(withSession(req, gate.claims));
    if (match[2] === "/codes" && req.method === "POST") return afterRotation(res, gate.claims, env, url, gate.bearer);
    return res;
  }
  const legacy = await handleLegacy(req, legacyHub(stub, gate.claims));
  return legacy ?? errorResponse(ErrorCode.NotFound, `no endpoint ${url.pathname}`);
}

/** The old API's view of one facility: typed calls on its Durable Object, as the signed-in person. */
function legacyHub(stub: DurableObjectStub<FacilityServer>, claims: SessionClaims): LegacyHub {
  return {
    board: () => stub.board(claims),
    car: (id) => stub.car(claims, id),
    change: (m, carId) => stub.change(claims, m, carId),
    changes: (since) => stub.changes(claims, since),
    audit: (q) => stub.audit(claims, q),
    shifts: (limit) => stub.shifts(claims, limit),
  };
}

/** Operators create facilities with the ADMIN_CODE secret; there is no other way in, and guesses are limited. */
async function createFacility(req: Request, env: Env, fid: string): Promise<Response> {
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const refused = await operatorVerdict(env, given, req);
  if (refused) return refused;
  const raw = await readJson(req);
  if (!raw.ok) return failureResponse(raw);
  return createBuilding(env, fid, raw.value);
}
