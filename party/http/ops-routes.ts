import {
  DEFAULT_LOCATIONS,
  DEMO_FACILITY_NAME,
  ErrorCode,
  FacilityIdSchema,
  FacilitySchema,
  LIMITS,
  OPERATOR_MARK,
  parseValue,
  scrubReport,
} from "../../shared";
import {
  ClientErrorReportSchema,
  CreateBuildingSchema,
  UpdateBuildingSchema,
  type OperatorClaims,
  type OpsFacility,
} from "../../shared/ops";
import { authenticate, sessionSecret } from "../auth/gate";
import { authenticateOperator, OPERATOR_COOKIE } from "../auth/operator-session";
import { clearedSessionCookie, newClaims } from "../auth/session-token";
import { d1, listFacilities, upsertFacility } from "../store/d1-audit";
import { listClientErrors, recordClientError, usageSince } from "../store/d1-ops";
import { listArchives } from "../store/retention";
import { DIRECTORY, pickShard, shardFigures } from "../store/shards";
import { errorResponse, failureResponse, json, rateLimited, readBody, refusalResponse } from "./respond";
import { issue } from "./session-routes";
import { usageCsv } from "./usage-csv";

/** How long the console waits for one building before showing it as not answering. */
const HEALTH_TIMEOUT_MS = 2500;
const ONE = /^\/facilities\/([^/]+)(\/enter)?$/;

/** The operator console's API (`/api/ops/*`): every route but the session's own needs an operator session. */
export async function handleOps(req: Request, env: Env, url: URL): Promise<Response> {
  const path = url.pathname.slice("/api/ops".length);
  if (path === "/session" && req.method === "DELETE") {
    return json({ signedOut: true }, 200, { "set-cookie": clearedSessionCookie(url, OPERATOR_COOKIE) });
  }
  const gate = await authenticateOperator(req, env);
  if (!gate.ok) return errorResponse(gate.code, gate.message);
  const op = gate.claims;
  const key = `${req.method} ${path.replace(ONE, (_m, _f, enter) => `/facilities/:fid${enter ?? ""}`)}`;
  switch (key) {
    case "GET /session":
      return json({ operator: true, name: op.name, expiresAt: new Date(op.exp).toISOString() });
    case "GET /facilities":
      return json({ facilities: await buildings(env) });
    case "POST /facilities": {
      const body = await readBody(req, CreateBuildingSchema);
      return body.ok ? createBuilding(env, body.value.id, body.value) : failureResponse(body);
    }
    case "PATCH /facilities/:fid":
      return update(req, env, path, op);
    case "POST /facilities/:fid/enter":
      return enter(req, env, url, path, op);
    case "GET /usage":
      return usage(env, url);
    case "GET /client-errors":
      return json({ errors: await listClientErrors(d1(env.DB)) });
    case "GET /shards":
      return json({ shards: await shardFigures(env) });
    case "GET /archives":
      return json(await listArchives(env.ARCHIVE, url.searchParams.get("cursor") ?? undefined));
    case "GET /archives/download":
      return download(env, url);
  }
  const known = ["/session", "/facilities", "/usage", "/client-errors", "/shards", "/archives", "/archives/download"];
  if (known.includes(path) || ONE.test(path)) {
    return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /api/ops${path}`);
  }
  return errorResponse(ErrorCode.NotFound, `no endpoint /api/ops${path}`);
}

const ARCHIVE_KEY = /^(audit|shifts)\/[a-z0-9-]{1,40}\/\d{12}\.ndjson\.gz$/;

/** One archive object as stored: gzip NDJSON, downloaded as a .gz file (never unpacked on the way). */
async function download(env: Env, url: URL): Promise<Response> {
  const key = url.searchParams.get("key") ?? "";
  if (!ARCHIVE_KEY.test(key)) return errorResponse(ErrorCode.InvalidMessage, "key must name an archive object");
  const object = await env.ARCHIVE.get(key);
  if (!object) return errorResponse(ErrorCode.NotFound, `no archive ${key}`);
  return new Response(object.body, {
    headers: {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="${key.replaceAll("/", "-")}"`,
      "cache-control": "no-store",
    },
    encodeBody: "manual",
  });
}

/** A building as an operator describes it; PUT /api/facilities/:fid (the script's way) lands here too. */
export async function createBuilding(env: Env, fid: string, raw: unknown): Promise<Response> {
  const given = typeof raw === "object" && raw !== null ? raw : {};
  const body = parseValue({ locations: [...DEFAULT_LOCATIONS], ...given, id: fid }, FacilitySchema);
  if (!body.ok) return failureResponse(body);
  const { archived: _a, alertRules: _r, ...facility } = body.value;
  const shard = await pickShard(env).catch(() => DIRECTORY);
  const created = await env.Facility.getByName(fid).create(facility, shard);
  if (!created.ok) return refusalResponse(created);
  // D1 knows it at once, so sign-in finds it before the first audit flush; the flush would tell D1 anyway.
  await upsertFacility(d1(env.DB), created.value, shard).catch(() => undefined);
  return json({ facility: created.value }, 201);
}

/** Every building, each asked for its health in parallel; one slow or broken building never holds the page. */
async function buildings(env: Env): Promise<OpsFacility[]> {
  const listed = await listFacilities(d1(env.DB));
  const demo = env.DEMO_FACILITY;
  if (demo && !listed.some((f) => f.id === demo))
    listed.unshift({ id: demo, name: DEMO_FACILITY_NAME, archived: false, shard: DIRECTORY });
  return Promise.all(
    listed.map(async (f): Promise<OpsFacility> => {
      try {
        const answer = await within((async () => await env.Facility.getByName(f.id).health())(), HEALTH_TIMEOUT_MS);
        if (answer === null) return { ...f, health: null, error: `no answer in ${HEALTH_TIMEOUT_MS} ms` };
        if (!answer.ok) return { ...f, health: null, error: answer.message };
        if (!answer.value) return { ...f, health: null, error: "its hub holds no facility" };
        const { facility, health } = answer.value;
        return { ...f, name: facility.name, archived: facility.archived === true, health };
      } catch (err) {
        console.warn("health of", f.id, "failed:", String(err));
        return { ...f, health: null, error: "its hub failed to answer" };
      }
    }),
  );
}

/** The answer, or null when it takes longer than `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function fidOf(path: string): string | null {
  const raw = ONE.exec(path)?.[1] ?? "";
  const parsed = FacilityIdSchema.safeParse(decodeURIComponent(raw));
  return parsed.success ? parsed.data : null;
}

async function update(req: Request, env: Env, path: string, op: OperatorClaims): Promise<Response> {
  const fid = fidOf(path);
  if (!fid) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
  const body = await readBody(req, UpdateBuildingSchema);
  if (!body.ok) return failureResponse(body);
  const answer = await env.Facility.getByName(fid).operate(op.name, body.value);
  if (!answer.ok) return refusalResponse(answer);
  await upsertFacility(d1(env.DB), answer.value).catch(() => undefined);
  return json({ facility: answer.value });
}

/** A supervisor's session on the building, named as the operator's in its audit; the console's cookie stays. */
async function enter(req: Request, env: Env, url: URL, path: string, op: OperatorClaims): Promise<Response> {
  const fid = fidOf(path);
  if (!fid) return errorResponse(ErrorCode.InvalidMessage, "facility id must be 1-40 of a-z, 0-9 and -");
  const answer = await env.Facility.getByName(fid).enter();
  if (!answer.ok) return refusalResponse(answer);
  const name = `${op.name.slice(0, LIMITS.actorNameMax - OPERATOR_MARK.length - 1)} ${OPERATOR_MARK}`;
  const claims = newClaims(fid, "supervisor", name, answer.value.gen);
  const bearer = /^Bearer\s/i.test(req.headers.get("authorization") ?? "");
  return issue(claims, sessionSecret(env)!, url, bearer, 201);
}

async function usage(env: Env, url: URL): Promise<Response> {
  const days = url.searchParams.get("days") ?? "7";
  if (days !== "7" && days !== "30") return errorResponse(ErrorCode.InvalidMessage, "days must be 7 or 30");
  const from = new Date(Date.now() - (Number(days) - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = await usageSince(d1(env.DB), from);
  if (url.searchParams.get("format") === "csv") {
    return new Response(usageCsv(rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="usage-${days}-days.csv"`,
        "cache-control": "no-store",
      },
    });
  }
  return json({ days: Number(days), rows });
}

/**
 * A screen's error report, from anyone signed in (a building's session or an operator's): rate limited per
 * session across every Worker (one counter in the OperatorGate object), capped in size, scrubbed of tokens.
 */
export async function clientError(req: Request, env: Env): Promise<Response> {
  if (req.method !== "POST") return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed here`);
  const facility = await authenticate(req, env);
  const operator = facility.ok ? null : await authenticateOperator(req, env);
  const who = facility.ok ? facility.claims : operator?.ok ? operator.claims : null;
  if (!who) {
    const refused = facility.ok ? null : facility;
    return errorResponse(refused?.code ?? ErrorCode.Unauthorized, refused?.message ?? "sign in first");
  }
  const body = await readBody(req, ClientErrorReportSchema);
  if (!body.ok) return failureResponse(body);
  const wait = await env.OperatorGate.getByName("operator").reportWait(who.sid);
  if (wait !== null) return rateLimited("too many error reports from this session", wait);
  const r = body.value;
  const clean = {
    message: scrubReport(r.message),
    build: r.build,
    url: scrubReport(r.url),
    ...(r.stack ? { stack: scrubReport(r.stack) } : {}),
  };
  await recordClientError(d1(env.DB), clean, "facility" in who ? who.facility : "(operator)");
  return json({ accepted: true }, 202);
}
