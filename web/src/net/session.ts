import { SessionInfoSchema, type SessionInfo } from "../../../shared";

/** How long a first visit's first paint may wait for the sign-in answer before it shows "Checking sign-in". */
const EARLY_WAIT_MS = 1_500;

let early: Promise<SessionInfo | null> | null = null;

/**
 * On a facility's page this device has no session for yet, the first paint waits (a little) for the answer the
 * page asked for with itself: the board then opens in the first render, not after a "Checking sign-in" frame and
 * a second render (about 200 ms of a slow handheld's first visit). The check that follows takes the same answer.
 */
export async function sessionBeforeFirstPaint(fid: string): Promise<void> {
  if (rememberedSession(fid)) return;
  early = askHub();
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), EARLY_WAIT_MS));
  const s = await Promise.race([early.catch(() => null), timeout]);
  if (s && s.facility === fid) rememberSession(fid, s);
}

/**
 * Who this browser is signed in as, from the HttpOnly cookie the page cannot read.
 * Null when signed out; throws when the hub cannot be reached (the caller keeps what it had).
 */
export function currentSession(): Promise<SessionInfo | null> {
  const answer = early ?? askHub();
  early = null;
  return answer;
}

async function askHub(): Promise<SessionInfo | null> {
  // A sign-out made offline still holds: the cookie it could not clear is not trusted until it is cleared.
  const finished = await finishSignOut();
  if (finished === "pending") return null;
  // A facility's page asks this before its JavaScript runs (a `Link: rel=preload` in web/public/_headers), and
  // the first fetch here takes that answer. One that just signed out asks at another address: the early answer was
  // for the cookie it cleared (Chromium drops it once the DELETE goes; nothing says every browser does).
  const res = await fetch(finished === "now" ? "/api/session?after=sign-out" : "/api/session");
  if (res.status === 401 || res.status === 403) return null;
  const body = SessionInfoSchema.safeParse(await res.json());
  if (!res.ok || !body.success) throw new Error(`session check failed (${res.status})`);
  return body.data;
}

/** A sign-out the hub has not heard of yet (kept across reloads); signing in again clears it. */
export const SIGN_OUT_PENDING = "ct.signOutPending";

/**
 * Who this device was last signed in as here (not a secret: the token stays in the HttpOnly cookie), while
 * unexpired and no sign-out is waiting: a handheld opens its board on it at once, or with no Wi-Fi at all, and
 * the session check that follows (or the socket's 4401) corrects it.
 */
export function rememberedSession(fid: string): SessionInfo | null {
  if (localStorage.getItem(SIGN_OUT_PENDING)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(`ct.session.${fid}`) ?? "null");
  } catch {
    return null;
  }
  const s = SessionInfoSchema.safeParse(raw);
  return s.success && s.data.facility === fid && Date.parse(s.data.expiresAt) > Date.now() ? s.data : null;
}

export function rememberSession(fid: string, s: SessionInfo | null): void {
  if (s) localStorage.setItem(`ct.session.${fid}`, JSON.stringify(s));
  else localStorage.removeItem(`ct.session.${fid}`);
}

/**
 * Ends the session in the hub and clears the cookie. Offline, the hub cannot be told: the browser then
 * remembers the sign-out and finishes it at the next session check, so a handheld put down signed out
 * does not open as its last user when the Wi-Fi is back.
 */
export async function signOut(): Promise<void> {
  localStorage.setItem(SIGN_OUT_PENDING, "1");
  await finishSignOut();
}

/** Whether a sign-out is still waiting, went through just now, or was never waiting. */
async function finishSignOut(): Promise<"pending" | "now" | "none"> {
  if (!localStorage.getItem(SIGN_OUT_PENDING)) return "none";
  try {
    // Bounded: on Wi-Fi that reaches nothing, the person signing out should not wait on a hanging request.
    const res = await fetch("/api/session", { method: "DELETE", signal: AbortSignal.timeout(4_000) });
    if (!res.ok) return "pending";
  } catch {
    return "pending";
  }
  localStorage.removeItem(SIGN_OUT_PENDING);
  return "now";
}
