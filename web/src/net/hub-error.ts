import { z } from "../../../shared/zod";

const ErrorBodySchema = z.object({ error: z.string(), code: z.string() });

/** The hub's words for a refusal (`error` of the shared error body), or its status. */
export async function errorOf(res: Response): Promise<string> {
  const body = ErrorBodySchema.safeParse(await res.json().catch(() => null));
  return body.success ? body.data.error : `the hub answered ${res.status}`;
}
