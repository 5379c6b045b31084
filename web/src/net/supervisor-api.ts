import { z } from "../../../shared/zod";
import { errorOf } from "./hub-error";
import {
  AnalyticsResponseSchema,
  type AnalyticsResponse,
  AuditPageSchema,
  CarSchema,
  ShiftSchema,
  type AuditPage,
  type Car,
  type Shift,
} from "../../../shared";

const ShiftsSchema = z.object({ shifts: z.array(ShiftSchema) });
const ShiftDetailSchema = z.object({ shift: z.extend(ShiftSchema, { snapshot: z.nullable(z.array(CarSchema)) }) });
async function get<T>(url: string, schema: z.ZodMiniType<T>): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(await errorOf(res));
  const body = schema.safeParse(await res.json().catch(() => null));
  if (!body.success) throw new Error("unexpected answer from the hub");
  return body.data;
}

/** Ended and open shifts, newest first; `before` is the id of the last one already shown. */
export async function fetchShifts(fid: string, before?: number, limit = 20): Promise<Shift[]> {
  const q = new URLSearchParams({ limit: String(limit), ...(before ? { before: String(before) } : {}) });
  return (await get(`/api/facilities/${fid}/shifts?${q}`, ShiftsSchema)).shifts;
}

export async function fetchShift(fid: string, id: number): Promise<Shift & { snapshot: Car[] | null }> {
  return (await get(`/api/facilities/${fid}/shifts/${id}`, ShiftDetailSchema)).shift;
}

export async function fetchAnalytics(fid: string, shifts = 30): Promise<AnalyticsResponse> {
  return get(`/api/facilities/${fid}/analytics?shifts=${shifts}`, AnalyticsResponseSchema);
}

export interface AuditFilters {
  carId?: string;
  door?: string;
  trailer?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export async function fetchAudit(fid: string, f: AuditFilters, before?: string, limit = 50): Promise<AuditPage> {
  const q = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  if (before) q.set("before", before);
  return get(`/api/facilities/${fid}/audit?${q}`, AuditPageSchema);
}

/** Every row matching the filters, page by page, up to a cap that keeps a phone responsive. */
export async function fetchAllAudit(fid: string, f: AuditFilters, cap = 20_000): Promise<AuditPage["entries"]> {
  const out: AuditPage["entries"] = [];
  let before: string | undefined;
  for (;;) {
    const page = await fetchAudit(fid, f, before, 1000);
    out.push(...page.entries);
    if (!page.next || out.length >= cap) return out;
    before = page.next;
  }
}

export function downloadCsv(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
