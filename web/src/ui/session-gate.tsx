import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { SessionInfo } from "../../../shared";
import { currentSession, rememberedSession, rememberSession, signIn, signOut } from "../net/session";
import { fetchFacilities } from "../net/facilities";
import { t, useT } from "../i18n/i18n";
import { LanguageSwitch } from "./language-switch";

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
  const [session, setSession] = useState<SessionInfo | null | "checking">(() => rememberedSession(fid) ?? "checking");
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

  if (session === "checking") return <p className="checking">{t("Checking sign-in…")}</p>;
  if (!session) {
    return (
      <SignIn
        fid={fid}
        wall={wall}
        notice={notice}
        onSignedIn={(s) => (rememberSession(fid, s), setNotice(null), setSession(s))}
      />
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

function SignIn({
  fid,
  wall,
  notice,
  onSignedIn,
}: {
  fid: string;
  wall: boolean;
  notice: string | null;
  onSignedIn(s: SessionInfo): void;
}) {
  useT();
  const [name, setName] = useState(() => (wall ? t("Wall screen") : (localStorage.getItem("ct.name") ?? "")));
  // A wall screen opened from the supervisor's QR code carries its code in the fragment: taken once, then wiped.
  const [code, setCode] = useState(() => (wall ? codeFromFragment() : ""));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The building's name, as people call it; its id until the hub says (or if it cannot).
  const [building, setBuilding] = useState(fid);
  const form = useRef<HTMLFormElement>(null);
  const [fromQr] = useState(code !== "");
  useEffect(() => {
    if (!fromQr) return;
    // Once, on opening: the code leaves the address bar, and the form is sent as if the person had.
    history.replaceState(null, "", location.pathname + location.search);
    form.current?.requestSubmit();
  }, [fromQr]);
  useEffect(() => {
    void fetchFacilities().then((all) => setBuilding(all.find((f) => f.id === fid)?.name ?? fid));
  }, [fid]);
  return (
    <main className="chooser">
      <header className="signin-top">
        <h1>Car Tracker</h1>
        <LanguageSwitch />
      </header>
      <p>
        {wall ? t("Sign in to {{building}} (wall screen).", { building }) : t("Sign in to {{building}}.", { building })}{" "}
        {t("Your supervisor gives out the codes.")}
      </p>
      {notice ? <p role="status">{t(notice)}</p> : null}
      <form
        ref={form}
        aria-label={t("Sign in")}
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          void signIn(fid, code, name.trim()).then((r) => {
            setBusy(false);
            if (!r.ok) return setError(t(r.message));
            if (!wall) localStorage.setItem("ct.name", name.trim());
            onSignedIn(r.session);
          });
        }}
      >
        <label>
          <span>{t("Your name")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required autoComplete="name" />
        </label>
        <label>
          <span>{t("Access code")}</span>
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={64}
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t("Signing in…") : t("Sign in")}
        </button>
        {error ? (
          <p role="alert" className="signin-error">
            {error}
          </p>
        ) : null}
      </form>
      <p>
        <a href="/">{t("Another building")}</a>
      </p>
    </main>
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

function codeFromFragment(): string {
  return new URLSearchParams(location.hash.slice(1)).get("code") ?? "";
}
