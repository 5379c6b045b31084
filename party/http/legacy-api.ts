import { z } from "../../shared/zod";
import {
  CAR_FIELDS,
  CarIdSchema,
  ErrorCode,
  LocationNameSchema,
  NotesSchema,
  parseAuditQuery,
  parseValue,
  type AuditPage,
  type AuditQuery,
  type Car,
  type ChangesResponse,
  type Mutation,
  type Outcome,
  type Shift,
} from "../../shared";
import type { Answer, Refusal } from "../room/calls";
import { badEncoding, decodeSegment } from "./edge";
import { errorResponse, failureResponse, intParam, json, readJson, refusalResponse } from "./respond";

/** What the old API needs of a facility: typed calls to its Durable Object, as the signed-in person. */
export interface LegacyHub {
  board(): Promise<Answer<{ seq: number; cars: Car[] }>>;
  car(id: string): Promise<Answer<Car | null>>;
  /** Applies a change and answers with the car as it then stands, in one call. */
  change(m: Mutation, carId: string): Promise<Answer<{ outcome: Outcome; car: Car | null }>>;
  changes(since: number): Promise<Answer<ChangesResponse>>;
  audit(q: AuditQuery): Promise<Answer<AuditPage>>;
  shifts(limit: number): Promise<Answer<Shift[]>>;
}

type LegacyCar = Omit<Car, "updatedAt" | "updatedBy"> & { lastUpdatedAt: string; lastUpdatedBy: string };

const toLegacy = ({ updatedAt, updatedBy, ...rest }: Car): LegacyCar => ({
  ...rest,
  lastUpdatedAt: updatedAt,
  lastUpdatedBy: updatedBy,
});

/** Still accepted so old scripts keep working, and ignored: the audit names the signed-in person. */
const UserId = z.optional(z.string().check(z.maxLength(200)));
const AddBody = z.object({ id: CarIdSchema, location: z.optional(LocationNameSchema), userId: UserId });
const PutBody = z.strictObject({
  ...CAR_FIELDS,
  userId: UserId,
  expectedVersion: z.optional(z.int().check(z.nonnegative())),
});
const ShiftBody = z.object({ action: z.enum(["start", "end"]), userId: UserId, notes: z.optional(NotesSchema) });

const LEGACY_ACTION: Record<string, string> = {
  "car.add": "created",
  "car.remove": "deleted",
  "car.update": "updated",
};

/** A refusal from the hub, passed on as it is (unknown facility, unavailable, rate limited, ...). */
class HubRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`hub refused: ${refusal.code}`);
  }
}

async function must<T>(answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new HubRefused(a);
  return a.value;
}

/** The old tracker's routes, mapped onto one facility's mutations so they are audited and broadcast too. */
export async function handleLegacy(req: Request, hub: LegacyHub): Promise<Response | null> {
  try {
    return await route(req, hub);
  } catch (err) {
    if (err instanceof HubRefused) return refusalResponse(err.refusal);
    throw err;
  }
}

async function route(req: Request, hub: LegacyHub): Promise<Response | null> {
  const url = new URL(req.url);
  const path = url.pathname.replace(/\/+$/, "");
  const carMatch = /^\/api\/cars\/([^/]+)$/.exec(path);
  const route = carMatch && carMatch[1] !== "reset" ? "/api/cars/:id" : path;
  const carId = carMatch ? decodeSegment(carMatch[1]!) : "";
  if (carId === null) return badEncoding();

  switch (`${req.method} ${route}`) {
    case "GET /api/cars":
      return json({ cars: (await must(hub.board())).cars.map(toLegacy) });
    case "GET /api/cars/:id": {
      const car = await must(hub.car(carId));
      return car ? json({ car: toLegacy(car) }) : errorResponse(ErrorCode.NotFound, "Car not found");
    }
    case "POST /api/cars": {
      const body = await parsed(req, AddBody);
      if (!body.ok) return body.response;
      const { id, location } = body.value;
      const m: Mutation = {
        type: "car.add",
        mutationId: crypto.randomUUID(),
        carId: id,
        ...(location ? { location } : {}),
      };
      const { outcome, car } = await must(hub.change(m, id));
      if (outcome.type === "reject") {
        return outcome.code === "already_exists"
          ? errorResponse(ErrorCode.AlreadyExists, "Car already exists")
          : rejectResponse(outcome);
      }
      return json({ car: car && toLegacy(car) }, 201);
    }
    case "PUT /api/cars/:id": {
      const body = await parsed(req, PutBody);
      if (!body.ok) return body.response;
      const { userId: _ignored, expectedVersion, ...patch } = body.value;
      if (Object.values(patch).every((v) => v === undefined)) {
        const car = await must(hub.car(carId));
        return car ? json({ car: toLegacy(car) }) : errorResponse(ErrorCode.NotFound, "Car not found");
      }
      const mutation: Mutation = {
        type: "car.update",
        mutationId: crypto.randomUUID(),
        carId,
        patch,
        ...(expectedVersion !== undefined ? { baseVersion: expectedVersion, strict: true } : {}),
      };
      const { outcome, car } = await must(hub.change(mutation, carId));
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
      return json({ car: car && toLegacy(car) });
    }
    case "DELETE /api/cars/:id": {
      const m: Mutation = { type: "car.remove", mutationId: crypto.randomUUID(), carId };
      const { outcome } = await must(hub.change(m, carId));
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
      const { outcome } = await must(hub.change({ type: "fleet.reset", mutationId: crypto.randomUUID() }, ""));
      return outcome.type === "reject" ? rejectResponse(outcome) : json({ success: true, seq: outcome.seq });
    }
    case "GET /api/sync/changes":
      return syncChanges(hub, url);
    case "GET /api/audit": {
      const limit = intParam(url, "limit", { min: 1, max: 1000, fallback: 100 });
      if (!limit.ok) return failureResponse(limit);
      const q = new URLSearchParams({ limit: String(limit.value) });
      const carIdParam = url.searchParams.get("carId");
      if (carIdParam) q.set("carId", carIdParam);
      const query = parseAuditQuery(q);
      if (!query.ok) return errorResponse(ErrorCode.InvalidMessage, query.message);
      const { entries } = await must(hub.audit(query.query));
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
      return json({ shifts: await must(hub.shifts(limit.value!)) });
    }
    case "POST /api/shifts": {
      const body = await parsed(req, ShiftBody);
      if (!body.ok) return body.response;
      const { action, notes } = body.value;
      const type = action === "start" ? "shift.start" : "shift.end";
      const m: Mutation = { type, mutationId: crypto.randomUUID(), ...(notes !== undefined ? { notes } : {}) };
      const { outcome } = await must(hub.change(m, ""));
      if (outcome.type === "reject") return rejectResponse(outcome);
      const [shift] = await must(hub.shifts(1));
      return json({ success: true, seq: outcome.seq, shift: shift ?? null }, 201);
    }
  }
  if (
    ["/api/cars", "/api/cars/:id", "/api/cars/reset", "/api/sync/changes", "/api/audit", "/api/shifts"].includes(route)
  ) {
    return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on ${path}`);
  }
  return null;
}

async function parsed<S extends z.ZodMiniType>(
  req: Request,
  schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  const raw = await readJson(req);
  if (!raw.ok) return { ok: false, response: failureResponse(raw) };
  const value = parseValue(raw.value, schema);
  return value.ok ? value : { ok: false, response: failureResponse(value) };
}

function rejectResponse(outcome: Extract<Outcome, { type: "reject" }>): Response {
  return errorResponse(outcome.code, outcome.message, outcome.car ? { car: toLegacy(outcome.car) } : {});
}

async function syncChanges(hub: LegacyHub, url: URL): Promise<Response> {
  const since = url.searchParams.get("since") ?? "";
  const now = new Date().toISOString();
  if (/^\d+$/.test(since)) {
    const body = await must(hub.changes(Number(since)));
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
  const snap = await must(hub.board());
  const cars = snap.cars.filter((c) => at === null || Date.parse(c.updatedAt) > at);
  return json({ cars: cars.map(toLegacy), removed: [], full: at === null, seq: snap.seq, timestamp: now });
}
