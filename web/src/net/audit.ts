import { z } from "zod";
import { AuditEntrySchema, type AuditEntry } from "../../../shared";

const AuditResponseSchema = z.object({ entries: z.array(AuditEntrySchema), partial: z.boolean() });

/** One car's history, newest first, from the hub's audit (D1 plus rows not flushed yet). */
export async function fetchCarHistory(
  fid: string,
  carId: string,
): Promise<{ entries: AuditEntry[]; partial: boolean }> {
  const res = await fetch(`/api/facilities/${fid}/audit?carId=${encodeURIComponent(carId)}&limit=200`);
  const body = AuditResponseSchema.safeParse(await res.json());
  if (!res.ok || !body.success) throw new Error(`history unavailable (${res.status})`);
  return body.data;
}
