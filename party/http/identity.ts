import { LIMITS, type Actor } from "../../shared";

/**
 * Who is acting, until signed sessions exist (issue 5): the name a client gives
 * in `X-User-Name` or `?name=`, marked with the role "anonymous" so the audit
 * shows it was never verified.
 */
export function requestActor(req: Request, fallbackName?: string): Actor {
  const url = new URL(req.url);
  const given = req.headers.get("x-user-name") ?? url.searchParams.get("name") ?? fallbackName ?? "";
  const name = given.trim().slice(0, LIMITS.actorNameMax) || "anonymous";
  return { name, role: "anonymous" };
}
