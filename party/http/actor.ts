import { ActorSchema, type Actor } from "../../shared";

/**
 * The Worker tells the Durable Object who acts through this header. The Worker
 * always overwrites it, so a client can never set it; the DO is reachable only
 * through the Worker.
 */
export const ACTOR_HEADER = "x-ct-actor";

export function withActor(req: Request, actor: Actor): Request {
  const next = new Request(req);
  next.headers.set(ACTOR_HEADER, JSON.stringify(actor));
  return next;
}

export function actorOf(req: Request): Actor | null {
  const raw = req.headers.get(ACTOR_HEADER);
  if (!raw) return null;
  try {
    const parsed = ActorSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
