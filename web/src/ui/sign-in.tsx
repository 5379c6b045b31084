import { useEffect, useRef, useState } from "react";
import type { SessionInfo } from "../../../shared";
import { signIn } from "../net/sign-in";
import { fetchFacilities } from "../net/facilities";
import { t, useT } from "../i18n/i18n";
import { LanguageSwitch } from "./language-switch";

// Its own chunk: a handheld that kept its session (most opens) loads it only once its board is on screen
// (ui/later.ts), and one that has none starts loading it while it asks the hub (session-gate.tsx).

/** The sign-in form for one building: a name and the code the supervisor gave out. */
export function SignIn({
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

function codeFromFragment(): string {
  return new URLSearchParams(location.hash.slice(1)).get("code") ?? "";
}
