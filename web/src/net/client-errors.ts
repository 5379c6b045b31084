import { scrubReport } from "../../../shared";

/** The build this page came from (vite's define), so the console groups reports by release. */
declare const __BUILD_ID__: string;
export const BUILD_ID = typeof __BUILD_ID__ === "string" ? __BUILD_ID__ : "dev";

/** Reports one page load sends at most: a render loop must not flood the hub (which limits them as well). */
const REPORTS_MAX = 5;
const sent = new Set<string>();

/**
 * Tells the hub a screen broke: the message, the stack and the page, with anything like a token or a code taken
 * out here as well as at the hub. Best effort: a handheld offline or signed out loses the report, never a tap.
 */
export function reportClientError(error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const message = scrubReport(err.message || err.name || "error").slice(0, 500);
  if (sent.has(message) || sent.size >= REPORTS_MAX) return;
  sent.add(message);
  const body = {
    message,
    build: BUILD_ID,
    url: scrubReport(location.pathname + location.search).slice(0, 500),
    ...(err.stack ? { stack: scrubReport(err.stack).slice(0, 4000) } : {}),
  };
  void fetch("/api/client-errors", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    keepalive: true,
  }).catch(() => undefined);
}

/** Errors no component caught: a handler that threw, a promise nobody awaited. */
export function reportUncaught(): void {
  window.addEventListener("error", (e) => reportClientError(e.error ?? e.message));
  window.addEventListener("unhandledrejection", (e) => reportClientError(e.reason));
}
