import { z } from "../../../shared/zod";
import {
  ClientErrorsResponseSchema,
  OperatorInfoSchema,
  OpsFacilitiesResponseSchema,
  ShardsResponseSchema,
  type ShardFiguresRow,
  UsageResponseSchema,
  type ClientErrorGroup,
  type OperatorInfo,
  type OpsFacility,
  type UpdateBuilding,
  type UsageResponse,
} from "../../../shared/ops";
import { errorOf } from "./hub-error";

/** The operator console's calls; the operator's session rides its own HttpOnly cookie. */
async function call<T>(url: string, schema: z.ZodMiniType<T>, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(await errorOf(res));
  const body = schema.safeParse(await res.json().catch(() => null));
  if (!body.success) throw new Error("unexpected answer from the hub");
  return body.data;
}

const send = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** Null when this browser holds no operator session. */
export async function operatorSession(): Promise<OperatorInfo | null> {
  const res = await fetch("/api/ops/session");
  if (res.status === 401 || res.status === 403) return null;
  const body = OperatorInfoSchema.safeParse(await res.json().catch(() => null));
  if (!res.ok || !body.success) throw new Error(`session check failed (${res.status})`);
  return body.data;
}

export async function operatorSignIn(code: string, name: string): Promise<OperatorInfo> {
  return call("/api/session", OperatorInfoSchema, send("POST", { operator: true, code, name }));
}

export async function operatorSignOut(): Promise<void> {
  await fetch("/api/ops/session", { method: "DELETE" });
}

export async function fetchBuildings(): Promise<OpsFacility[]> {
  return (await call("/api/ops/facilities", OpsFacilitiesResponseSchema)).facilities;
}

const BuildingSchema = z.object({ facility: z.object({ id: z.string(), name: z.string() }) });

export async function createBuilding(b: { id: string; name: string; locations?: string[]; doors?: string[] }) {
  return (await call("/api/ops/facilities", BuildingSchema, send("POST", b))).facility;
}

export async function updateBuilding(fid: string, change: UpdateBuilding) {
  return (await call(`/api/ops/facilities/${encodeURIComponent(fid)}`, BuildingSchema, send("PATCH", change))).facility;
}

/** A supervisor's session on the building, named as the operator's; the console's own session stays. */
export async function enterBuilding(fid: string): Promise<void> {
  await call(`/api/ops/facilities/${encodeURIComponent(fid)}/enter`, z.object({ facility: z.string() }), send("POST"));
}

export async function fetchUsage(days: 7 | 30): Promise<UsageResponse> {
  return call(`/api/ops/usage?days=${days}`, UsageResponseSchema);
}

export const usageCsvUrl = (days: 7 | 30) => `/api/ops/usage?days=${days}&format=csv`;

export async function fetchClientErrors(): Promise<ClientErrorGroup[]> {
  return (await call("/api/ops/client-errors", ClientErrorsResponseSchema)).errors;
}

const ArchivesSchema = z.object({
  objects: z.array(
    z.object({
      key: z.string(),
      size: z.number(),
      uploaded: z.string(),
      facility: z.string(),
      rows: z.number(),
      from: z.string(),
      to: z.string(),
    }),
  ),
  cursor: z.nullable(z.string()),
});
export type ArchiveList = z.infer<typeof ArchivesSchema>;

export async function fetchArchives(cursor?: string): Promise<ArchiveList> {
  return call(`/api/ops/archives${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, ArchivesSchema);
}

export const archiveUrl = (key: string) => `/api/ops/archives/download?key=${encodeURIComponent(key)}`;

export async function fetchShards(): Promise<ShardFiguresRow[]> {
  return (await call("/api/ops/shards", ShardsResponseSchema)).shards;
}
