/**
 * One structured log line per request (the Worker) and per change (a facility's hub): a flat JSON object,
 * the shape Workers Logs indexes and Logpush ships. Never a token, a code or a body: ids, routes, outcomes.
 */
export interface LogLine {
  kind: "request" | "mutation";
  facility: string | null;
  /** The request's id (Cloudflare's ray id when there is one), or the mutation's id. */
  id: string;
  /** `GET /api/facilities/:fid/state`, or a mutation type. */
  route: string;
  /** "ok", or the shared error code the answer carried. */
  outcome: string;
  status?: number;
  durationMs: number;
  [extra: string]: string | number | boolean | null | undefined;
}

const FACILITY_PATH = /^\/(api\/facilities|parties\/facility|api\/ops\/facilities)\/([^/]+)/;

/** A request's path with the facility id taken out, so lines group by route; the id goes in its own field. */
export function routeOf(method: string, path: string): { route: string; facility: string | null } {
  const m = FACILITY_PATH.exec(path);
  if (!m) return { route: `${method} ${path.slice(0, 100)}`, facility: null };
  const rest = path.slice(m[0].length).replace(/\/shifts\/[^/]+$/, "/shifts/:id");
  return { route: `${method} /${m[1]}/:fid${rest}`.slice(0, 120), facility: decodeSafe(m[2]!).slice(0, 40) };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function logLine(line: LogLine): string {
  return JSON.stringify(line);
}
