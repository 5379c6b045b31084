import { lazy, Suspense, useLayoutEffect, useRef, useState } from "react";
import type { SessionInfo } from "../../../shared";
import { currentSession, rememberedSession, rememberSession, signOut } from "../net/session";
import { t, useT } from "../i18n/i18n";
import { ErrorScreen } from "./error-screen";
import { LATER } from "./later";

const SignIn = lazy(() => LATER.signIn().then((m) => ({ default: m.SignIn })));

/** What a signed-in screen gets: who it is, a way to report a refused session, and a way out. */
export interface SignedIn {
  session: SessionInfo;
  /** The hub refused the session (socket closed 4401/4403 or a poll got 401): check, then sign in again. */
  lost(message: string): void;
  /** `waiting`: this person's taps not yet sent; they stay on the device for their next sign-in here. */
  signOut(waiting?: number): void;
}

/**
 * Signs a screen in to one facility. The token lives only in an HttpOnly cookie;
 * this keeps who-is-signed-in (not a secret) so a handheld that starts with no
 * Wi-Fi still opens its board and keeps taps for when the hub is back.
 */
export function SessionGate({
  fid,
  wall,
  children,
}: {
  fid: string;
  wall: boolean;
  children: (s: SignedIn) => React.ReactNode;
}) {
  useT();
  // The session this device last had here opens the board at once; the check below confirms or replaces it.
  const [session, setSession] = useState<SessionInfo | null | "checking">(() => {
    const remembered = rememberedSession(fid);
    // Nobody signed in here last: the form is likely next, so it loads while the hub is asked.
    if (!remembered) LATER.signIn().catch(() => undefined);
    return remembered ?? "checking";
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [epoch, setEpoch] = useState(0);
  const shown = useRef(session);
  shown.current = session;

  const check = (why: string | null) => {
    currentSession()
      .then((s) => {
        const mine = s && s.facility === fid ? s : null;
        rememberSession(fid, mine);
        // The same session as on screen: nothing to redo (a new epoch would reconnect the board for nothing).
        if (why === null && mine && JSON.stringify(mine) === JSON.stringify(shown.current)) return;
        setSession(mine);
        if (mine) setEpoch((e) => e + 1);
        else setNotice(why);
      })
      .catch(() => setSession(rememberedSession(fid)));
  };
  // Before the first paint, not after it: a slow handheld's first frame is a 70 ms layout the answer need not wait for.
  useLayoutEffect(() => check(null), [fid]);

  const checking = <p className="checking">{t("Checking sign-in…")}</p>;
  if (session === "checking") return checking;
  if (!session) {
    return (
      // The form is a chunk of its own, loaded after the board shows: signed out with the Wi-Fi gone before it
      // came (and no service worker to serve it), the person still reads the notice, and a way to get it back.
      <ErrorScreen notice={notice}>
        <Suspense fallback={notice ? <p role="status">{notice}</p> : checking}>
          <SignIn
            fid={fid}
            wall={wall}
            notice={notice}
            onSignedIn={(s) => (rememberSession(fid, s), setNotice(null), setSession(s))}
          />
        </Suspense>
      </ErrorScreen>
    );
  }
  return (
    <div key={epoch} className="signed-in">
      {children({
        session,
        lost: (message) => check(message),
        signOut: (waiting = 0) =>
          void signOut().then(() => {
            rememberSession(fid, null);
            setNotice(waiting > 0 ? `${t("Signed out.")} ${waitingWords(waiting, session.name)}` : t("Signed out."));
            setSession(null);
          }),
      })}
    </div>
  );
}

const waitingWords = (n: number, name: string) =>
  n === 1
    ? t("1 tap has not reached the hub yet; it stays on this device and goes out when {{name}} signs in here again.", {
        name,
      })
    : t(
        "{{n}} taps have not reached the hub yet; they stay on this device and go out when {{name}} signs in here again.",
        { n, name },
      );
