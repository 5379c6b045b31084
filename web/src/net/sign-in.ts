import { SessionInfoSchema, type SessionInfo } from "../../../shared";
import { errorOf } from "./hub-error";
import { SIGN_OUT_PENDING } from "./session";

// Apart from the session check (session.ts): only the sign-in form's chunk needs it.

export async function signIn(
  facility: string,
  code: string,
  name: string,
): Promise<{ ok: true; session: SessionInfo } | { ok: false; message: string }> {
  try {
    const res = await fetch("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ facility, code, name }),
    });
    if (!res.ok) return { ok: false, message: await errorOf(res) };
    // The new cookie replaced the old one; an unfinished sign-out must not end this session instead.
    localStorage.removeItem(SIGN_OUT_PENDING);
    const body = SessionInfoSchema.safeParse(await res.json());
    return body.success ? { ok: true, session: body.data } : { ok: false, message: "unexpected answer from the hub" };
  } catch {
    return { ok: false, message: "cannot reach the hub; check the Wi-Fi and try again" };
  }
}
