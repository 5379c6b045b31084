import { CodesResponseSchema, RotateCodeResponseSchema, type CodeStatus, type Role } from "../../../shared";
import { errorOf } from "./hub-error";

// The supervisor's access codes: their tools' chunk only.

export async function listCodes(fid: string): Promise<CodeStatus[]> {
  const res = await fetch(`/api/facilities/${fid}/codes`);
  if (!res.ok) throw new Error(await errorOf(res));
  const body = CodesResponseSchema.safeParse(await res.json());
  if (!body.success) throw new Error("unexpected answer from the hub");
  return body.data.codes;
}

/** A new code for a role; the answer is the only time anyone sees it. */
export async function rotateCode(fid: string, role: Role, code?: string): Promise<string> {
  const res = await fetch(`/api/facilities/${fid}/codes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ role, ...(code ? { code } : {}) }),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  const body = RotateCodeResponseSchema.safeParse(await res.json());
  if (!body.success) throw new Error("unexpected answer from the hub");
  return body.data.code;
}
