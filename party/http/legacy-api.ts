import { z } from "zod";
import {
  CAR_FIELDS,
  CarIdSchema,
  ChangesResponseSchema,
  ErrorCode,
  LocationNameSchema,
  NotesSchema,
  SnapshotMessageSchema,
  type AuditEntry,
  type Car,
  type Mutation,
  type Outcome,
} from "../../shared";
import { badEncoding, decodeSegment } from "./edge";
import { errorResponse, failureResponse, intParam, json, readJson } from "./respond";
import { parseValue } from "../../shared";

/** Sends a request to a facility's Durable Object on behalf of an actor. */
export type FacilityCall = (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>;

type LegacyCar = Omit<Car, "updatedAt" | "updatedBy"> & { lastUpdatedAt: string; lastUpdatedBy: string };

const toLegacy = ({ updatedAt, updatedBy, ...rest }: Car): LegacyCar => ({
  ...rest,
  lastUpdatedAt: updatedAt,
  lastUpdatedBy: updatedBy,
});

/** Still accepted so old scripts keep working, and ignored: the audit names the signed-in person. */
const UserId = z.string().max(200).optional();
const AddBody = z.object({ id: CarIdSchema, location: LocationNameSchema.optional(), userId: UserId });
const PutBody = z.strictObject({
  ...CAR_FIELDS,
  userId: UserId,
  expectedVersion: z.number().int().nonnegative().optional(),
});
const ShiftBody = z.object({ action: z.enum(["start", "end"]), userId: UserId, notes: NotesSchema.optional() });

const LEGACY_ACTION: Record<string, string> = {
  "car.add": "created",
  "car.remove": "deleted",
  "car.update": "updated",
};

/** A hub answer the old API passes on as it is (unknown facility, unavailable, ...). */
class HubRefused extends Error {
  constructor(readonly response: Response) {
    super(`hub answered ${response.status}`);
  }
}

async function ok(res: Promise<Response>): Promise<Response> {
  const r = await res;
  if (!r.ok && r.status !== 409 && r.status !== 404 && r.status !== 422) throw new HubRefused(r);
  return r;
}

/** The old tracker's routes, mapped onto one facility's mutations so they are audited and broadcast too. */
export async function handleLegacy(req: Request, call: FacilityCall): Promise<Response | null> {
  try {
    return await route(req, (path, init) => ok(call(path, init)));
  } catch (err) {
    if (err instanceof HubRefused) return err.response;
    throw err;
  }
}

async function route(req: Request, call: FacilityCall): Promise<Response | null> {
  const url = new URL(req.url);
  const path = url.pathname.replace(/\/+$/, "");
  const carMatch = /^\/api\/cars\/([^/]+)$/.exec(path);
  const route = carMatch && carMatch[1] !== "reset" ? "/api/cars/:id" : path;
  const carId = carMatch ? decodeSegment(carMatch[1]!) : "";
  if (carId === null) return badEncoding();

  switch (`${req.method} ${route}`) {
    case "GET /api/cars":
      return json({ cars: (await snapshot(call)).cars.map(toLegacy) });
    case "GET /api/cars/:id": {
      const car = (await snapshot(call)).cars.find((c) => c.id === carId);
      return car ? json({ car: toLegacy(car) }) : errorResponse(ErrorCode.NotFound, "Car not found");
    }
    case "POST /api/cars": {
      const body = await parsed(req, AddBody);
      if (!body.ok) return body.response;
      const { id, location } = body.value;
      const outcome = await mutate(call, {
        type: "car.add",
        mutationId: crypto.randomUUID(),
        carId: id,
        ...(location ? { location } : {}),
      });
      if (outcome.type === "reject") {
        return outcome.code === "already_exists"
          ? errorResponse(ErrorCode.AlreadyExists, "Car already exists")
          : rejectResponse(outcome);
      }
      return json({ car: await carAfter(call, id) }, 201);
    }
    case "PUT /api/cars/:id": {
      const body = await parsed(req, PutBody);
      if (!body.ok) return body.response;
      const { userId: _ignored, expectedVersion, ...patch } = body.value;
      if (Object.values(patch).every((v) => v === undefined)) {
        const car = await carAfter(call, carId);
        return car ? json({ car }) : errorResponse(ErrorCode.NotFound, "Car not found");
      }
      const mutation: Mutation = {
        type: "car.update",
        mutationId: crypto.randomUUID(),
        carId,
        patch,
        ...(expectedVersion !== undefined ? { baseVersion: expectedVersion, strict: true } : {}),
      };
      const outcome = await mutate(call, mutation);
      if (outcome.type === "reject") {
        if (outcome.code === "not_found") return errorResponse(ErrorCode.NotFound, "Car not found");
        if (outcome.code === "conflict") {
          return errorResponse(ErrorCode.Conflict, "Version conflict", {
            currentVersion: outcome.car?.version ?? null,
            expectedVersion,
          });
        }
        return rejectResponse(outcome);
      }
      return json({ car: await carAfter(call, carId) });
    }
    case "DELETE /api/cars/:id": {
      const outcome = await mutate(call, { type: "car.remove", mutationId: crypto.randomUUID(), carId });
      if (outcome.type === "reject")
        return outcome.code === "not_found"
          ? errorResponse(ErrorCode.NotFound, "Car not found")
          : rejectResponse(outcome);
      return json({ success: true });
    }
    case "POST /api/cars/reset": {
      if (url.searchParams.has("hard")) {
        return errorResponse(
          ErrorCode.InvalidMessage,
          "hard reset does not exist; a reset keeps the fleet, its locations and the audit",
        );
      }
      const outcome = await mutate(call, { type: "fleet.reset", mutationId: crypto.randomUUID() });
      return outcome.type === "reject" ? rejectResponse(outcome) : json({ success: true, seq: outcome.seq });
    }
    case "GET /api/sync/changes":
      return syncChanges(call, url);
    case "GET /api/audit": {
      const limit = intParam(url, "limit", { min: 1, max: 1000, fallback: 100 });
      if (!limit.ok) return failureResponse(limit);
      const q = new URLSearchParams({ limit: String(limit.value) });
      const carIdParam = url.searchParams.get("carId");
      if (carIdParam) q.set("carId", carIdParam);
      const res = await call(`/audit?${q}`);
      if (!res.ok) return res;
      const { entries } = (await res.json()) as { entries: AuditEntry[] };
      return json({
        auditLogs: entries.map((e) => ({
          id: `${e.seq}:${e.carId}:${e.field}`,
          car_id: e.carId,
          action: LEGACY_ACTION[e.action] ?? e.action,
          field_changed: e.field,
          old_value: e.oldValue,
          new_value: e.newValue,
          changed_by: e.actor,
          changed_at: e.at,
        })),
      });
    }
    case "GET /api/shifts": {
      const limit = intParam(url, "limit", { min: 1, max: 200, fallback: 20 });
      if (!limit.ok) return failureResponse(limit);
      return call(`/shifts?limit=${limit.value}`);
    }
    case "POST /api/shifts": {
      const body = await parsed(req, ShiftBody);
      if (!body.ok) return body.response;
      const { action, notes } = body.value;
      const type = action === "start" ? "shift.start" : "shift.end";
      const outcome = await mutate(call, {
        type,
        mutationId: crypto.randomUUID(),
        ...(notes !== undefined ? { notes } : {}),
      });
      if (outcome.type === "reject") return rejectResponse(outcome);
      const shifts = (await (await call("/shifts?limit=1")).json()) as { shifts: unknown[] };
      return json({ success: true, seq: outcome.seq, shift: shifts.shifts[0] ?? null }, 201);
    }
  }
  if (
    ["/api/cars", "/api/cars/:id", "/api/cars/reset", "/api/sync/changes", "/api/audit", "/api/shifts"].includes(route)
  ) {
    return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on ${path}`);
  }
  return null;
}

async function parsed<S extends z.ZodType>(
  req: Request,
  schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  const raw = await readJson(req);
  if (!raw.ok) return { ok: false, response: failureResponse(raw) };
  const value = parseValue(raw.value, schema);
  return value.ok ? value : { ok: false, response: failureResponse(value) };
}

async function snapshot(call: FacilityCall) {
  const res = await call("/state");
  if (!res.ok) throw new HubRefused(res);
  return SnapshotMessageSchema.parse(await res.json());
}

async function carAfter(call: FacilityCall, id: string): Promise<LegacyCar | null> {
  const car = (await snapshot(call)).cars.find((c) => c.id === id);
  return car ? toLegacy(car) : null;
}

async function mutate(call: FacilityCall, mutation: Mutation): Promise<Outcome> {
  const res = await call("/mutations", { method: "POST", body: mutation });
  return (await res.json()) as Outcome;
}

function rejectResponse(outcome: Extract<Outcome, { type: "reject" }>): Response {
  return errorResponse(outcome.code, outcome.message, outcome.car ? { car: toLegacy(outcome.car) } : {});
}

async function syncChanges(call: FacilityCall, url: URL): Promise<Response> {
  const since = url.searchParams.get("since") ?? "";
  const now = new Date().toISOString();
  if (/^\d+$/.test(since)) {
    const body = ChangesResponseSchema.parse(await (await call(`/changes?since=${since}`)).json());
    if ("snapshot" in body)
      return json({ cars: body.snapshot.cars.map(toLegacy), removed: [], full: true, seq: body.seq, timestamp: now });
    const latest = new Map<string, Car>();
    const removed = new Set<string>();
    for (const d of body.diffs) {
      for (const id of d.removed) {
        latest.delete(id);
        removed.add(id);
      }
      for (const c of d.cars) {
        latest.set(c.id, c);
        removed.delete(c.id);
      }
    }
    return json({
      cars: [...latest.values()].map(toLegacy),
      removed: [...removed],
      full: false,
      seq: body.seq,
      timestamp: now,
    });
  }
  const at = since === "" ? null : Date.parse(since);
  if (at !== null && Number.isNaN(at))
    return errorResponse(ErrorCode.InvalidMessage, "since must be a seq number or an ISO time");
  const snap = await snapshot(call);
  const cars = snap.cars.filter((c) => at === null || Date.parse(c.updatedAt) > at);
  return json({ cars: cars.map(toLegacy), removed: [], full: at === null, seq: snap.seq, timestamp: now });
}
