import {
  ErrorCode,
  MUTATION_TYPES,
  MutationSchema,
  RotateCodeRequestSchema,
  atLeast,
  httpStatusFor,
  analyticsOf,
  parseAuditQuery,
  type AuditPage,
  type AuditQuery,
  type CodeStatus,
  type Mutation,
  type PersonTaps,
  type Role,
  type SessionClaims,
  type Shift,
} from "../../shared";
import type { RotateResult } from "../auth/access-guard";
import type { ApplyResult, FacilityHub } from "../hub/facility-hub";
import type { EndedShiftRow } from "../hub/store";
import type { PushDevices } from "../room/push-devices";
import { pushSubscriptions } from "./push-routes";
import { errorResponse, failureResponse, intParam, json, readBody } from "./respond";

export interface Who {
  name: string;
  role: Role;
}

/** What the HTTP routes need from the Durable Object that hosts them. */
export interface FacilityHost {
  hub: FacilityHub;
  /** Checks the role, applies and broadcasts, exactly as for a WebSocket mutation. */
  mutate(mutation: Mutation, who: Who): ApplyResult;
  audit(q: AuditQuery): Promise<AuditPage>;
  /** Changes by person between two instants (a shift's work). */
  people(from: string, to: string): Promise<PersonTaps[]>;
  shifts(limit: number, beforeId?: number): Shift[];
  shift(id: number): EndedShiftRow | undefined;
  endedShifts(limit: number): EndedShiftRow[];
  codes(): CodeStatus[];
  rotate(role: Role, code: string | undefined, by: Who): Promise<RotateResult>;
  /** Null when this hub has no VAPID key. */
  readonly pushDevices: PushDevices | null;
  /** Resolves at the next change, or after `ms`; at once when too many requests are held already. */
  nextChange(ms: number): Promise<void>;
}

/** Reads of the audit, the shift history and the codes are the supervisor's. */
const SUPERVISOR_ROUTES = new Set([
  "GET /audit",
  "GET /shifts",
  "GET /shifts/:id",
  "GET /analytics",
  "GET /codes",
  "POST /codes",
]);

const PATH = /^\/api\/facilities\/[a-z0-9-]{1,40}(\/.*)?$/;

/** A facility's own HTTP API, for a session the room has admitted. */
export async function handleFacilityRequest(host: FacilityHost, req: Request, who: SessionClaims): Promise<Response> {
  const url = new URL(req.url);
  const match = PATH.exec(url.pathname);
  const route = match?.[1] ?? "";
  if (!host.hub.exists) return errorResponse(ErrorCode.UnknownFacility, "no such facility");
  const key = `${req.method} ${route.replace(/^\/shifts\/[^/]+$/, "/shifts/:id")}`;
  // Crew read one car's or one trailer's history (who changed what on it); the whole audit stays the supervisor's.
  const oneThing = url.searchParams.has("carId") || url.searchParams.has("trailer");
  const carHistory = key === "GET /audit" && oneThing && atLeast(who.role, "crew");
  if (SUPERVISOR_ROUTES.has(key) && !carHistory && !atLeast(who.role, "supervisor")) {
    return errorResponse(ErrorCode.Forbidden, `${key} needs the supervisor role; this session is ${who.role}`);
  }
  if (route === "/push-subscriptions") return pushSubscriptions(host.pushDevices, req, who);
  switch (key) {
    case "GET /state":
      return state(host, req);
    case "GET /changes":
      return await changes(host, req, url);
    case "POST /mutations":
      return mutations(host, req, who);
    case "GET /audit":
      return audit(host, url);
    case "GET /shifts":
      return shifts(host, url);
    case "GET /shifts/:id":
      return shiftDetail(host, route.slice("/shifts/".length));
    case "GET /analytics":
      return await analytics(host, url);
    case "GET /codes":
      return json({ codes: host.codes() });
    case "POST /codes":
      return rotate(host, req, who);
  }
  const known = ["/state", "/changes", "/mutations", "/audit", "/shifts", "/analytics", "/codes"];
  if (known.includes(route) || route.startsWith("/shifts/")) {
    return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on ${route}`);
  }
  return errorResponse(ErrorCode.NotFound, `no endpoint ${route || "/"}`);
}

function state(host: FacilityHost, req: Request): Response {
  const etag = `"seq-${host.hub.seq}"`;
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
  return new Response(host.hub.snapshotJson(), {
    headers: { "content-type": "application/json; charset=utf-8", etag, "cache-control": "no-cache", ...gzipFor(req) },
  });
}

/** The longest a poll is held open (`wait`, seconds): under the idle timeouts of common proxies. */
const LONG_POLL_MAX_S = 25;

/**
 * Snapshots and catch-ups compress about 15:1 (2,000 cars: 430 KB of JSON). Naming the encoding is enough: the
 * runtime compresses the body on its way out (and passes it through the Worker as it is).
 */
function gzipFor(req: Request): Record<string, string> {
  return /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "") ? { "content-encoding": "gzip" } : {};
}

async function changes(host: FacilityHost, req: Request, url: URL): Promise<Response> {
  const since = intParam(url, "since");
  if (!since.ok) return failureResponse(since);
  if (since.value === undefined) return errorResponse(ErrorCode.InvalidMessage, "since is required");
  const wait = intParam(url, "wait", { max: LONG_POLL_MAX_S, fallback: 0 });
  if (!wait.ok) return failureResponse(wait);
  // A long poll: nothing new yet, so the answer waits for the next change (or the wait's end).
  if (wait.value! > 0 && since.value === host.hub.seq) await host.nextChange(wait.value! * 1000);
  const diffs = host.hub.diffsSince(since.value);
  const seq = host.hub.seq;
  const headers = { ...jsonHeaders, ...gzipFor(req) };
  if (diffs === null) return new Response(`{"seq":${seq},"snapshot":${host.hub.snapshotJson()}}`, { headers });
  return new Response(`{"seq":${seq},"diffs":[${diffs.join(",")}]}`, { headers });
}

const jsonHeaders = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

async function mutations(host: FacilityHost, req: Request, who: Who): Promise<Response> {
  const body = await readBody(req, MutationSchema, MUTATION_TYPES);
  if (!body.ok) return failureResponse(body);
  const { outcome } = host.mutate(body.value, who);
  if (outcome.type === "ack") return json(outcome);
  return json({ ...outcome, error: outcome.message }, httpStatusFor(outcome.code));
}

async function audit(host: FacilityHost, url: URL): Promise<Response> {
  const q = parseAuditQuery(url.searchParams);
  if (!q.ok) return errorResponse(ErrorCode.InvalidMessage, q.message);
  return json(await host.audit(q.query));
}

/** The last `shifts` ended shifts (1-30, default 30), computed from the boards they stored. */
async function analytics(host: FacilityHost, url: URL): Promise<Response> {
  const limit = intParam(url, "shifts", { min: 1, max: 30, fallback: 30 });
  if (!limit.ok) return failureResponse(limit);
  const ended = host.endedShifts(limit.value!).map(({ snapshot, doorBoard, ...shift }) => ({
    shift,
    cars: snapshot ?? [],
    dock: doorBoard ? { doors: doorBoard.doors.map((d) => d.door), visits: doorBoard.visits } : null,
  }));
  const result = analyticsOf(ended, host.hub.facility?.locations ?? []);
  // Who did the work comes from the audit (one indexed read a shift); an unreachable D1 leaves it out, not the rest.
  await Promise.all(
    result.shifts.map(async (s) => {
      s.people = await host.people(s.startedAt, s.endedAt).catch(() => null);
    }),
  );
  return json(result);
}

function shifts(host: FacilityHost, url: URL): Response {
  const limit = intParam(url, "limit", { min: 1, max: 200, fallback: 20 });
  if (!limit.ok) return failureResponse(limit);
  const before = intParam(url, "before", { min: 1 });
  if (!before.ok) return failureResponse(before);
  return json({ shifts: host.shifts(limit.value!, before.value) });
}

function shiftDetail(host: FacilityHost, rawId: string): Response {
  const id = Number(rawId);
  if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(id))
    return errorResponse(ErrorCode.InvalidMessage, "shift id must be a number");
  const shift = host.shift(id);
  return shift ? json({ shift }) : errorResponse(ErrorCode.NotFound, `no shift ${id}`);
}

/** The new code is in this answer only; the hub keeps its hash. */
async function rotate(host: FacilityHost, req: Request, who: Who): Promise<Response> {
  const body = await readBody(req, RotateCodeRequestSchema);
  if (!body.ok) return failureResponse(body);
  const result = await host.rotate(body.value.role, body.value.code, who);
  if (!result.ok) return errorResponse(ErrorCode.Conflict, result.message);
  return json({ role: body.value.role, code: result.code, gen: result.gen });
}
