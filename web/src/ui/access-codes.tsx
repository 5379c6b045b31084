import { lazy, Suspense, useEffect, useState } from "react";
import { ROLES, type CodeStatus, type Role } from "../../../shared";
import { listCodes, rotateCode } from "../net/codes";
import { Disclosure } from "./disclosure";
import { locale, tx, useT } from "../i18n/i18n";

// The QR encoder loads only when a supervisor asks for the wall code's QR code.
const WallQr = lazy(() => import("./wall-qr").then((m) => ({ default: m.WallQr })));

const ROLE_WORDS: Record<Role, string> = {
  display: tx("Wall screen"),
  crew: tx("Crew"),
  supervisor: tx("Supervisor"),
};
const CODE_NAME: Record<Role, string> = {
  display: tx("wall screen code"),
  crew: tx("crew code"),
  supervisor: tx("supervisor code"),
};

/** Who a replacement signs out, in the words a supervisor would use. */
const SIGNED_OUT: Record<Role, string> = {
  display: tx("Every wall screen signed in with the old code goes back to its sign-in screen."),
  crew: tx(
    "Every crew handheld signed in with the old code is signed out at once; their waiting taps stay on the handheld.",
  ),
  supervisor: tx("Every other supervisor signed in with the old code is signed out at once. You stay signed in."),
};

/**
 * The facility's three codes. A new code is shown here and nowhere else (the hub keeps only its hash), so
 * every code made during this visit stays on screen until the supervisor says it is written down. Replacing
 * a code signs people out, so it is asked for twice.
 */
export function AccessCodes({ fid }: { fid: string }) {
  const t = useT();
  const [codes, setCodes] = useState<CodeStatus[] | null>(null);
  const [made, setMade] = useState<{ role: Role; code: string }[]>([]);
  const [confirming, setConfirming] = useState<Role | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [qr, setQr] = useState(false);
  const refresh = () =>
    listCodes(fid)
      .then(setCodes)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    if (open) void refresh();
  }, [open, fid]);
  const rotate = (role: Role) => {
    setError(null);
    setConfirming(null);
    rotateCode(fid, role)
      .then((code) => (setMade((m) => [...m.filter((x) => x.role !== role), { role, code }]), refresh()))
      .catch((e: Error) => setError(e.message));
  };
  return (
    <Disclosure label={t("Access codes")} className="codes" open={open} onOpenChange={setOpen}>
      {made.map(({ role, code }) => (
        <div key={role} role="status" className="new-code" aria-label={t("New {{code}}", { code: t(CODE_NAME[role]) })}>
          <p>
            {t("New {{code}}:", { code: t(CODE_NAME[role]) })} <code data-testid={`new-code-${role}`}>{code}</code>
          </p>
          <p>{t("Write it down now: it is not shown again once you hide it or leave this page.")}</p>
          {role === "display" ? (
            qr ? (
              <Suspense fallback={<p>{t("Loading…")}</p>}>
                <WallQr fid={fid} code={code} />
              </Suspense>
            ) : (
              <button type="button" onClick={() => setQr(true)}>
                {t("Show the wall code as a QR code")}
              </button>
            )
          ) : null}
          <button type="button" onClick={() => setMade((m) => m.filter((x) => x.role !== role))}>
            {t("I wrote down the {{code}}", { code: t(CODE_NAME[role]) })}
          </button>
        </div>
      ))}
      {error ? <p role="alert">{error}</p> : null}
      <ul>
        {ROLES.map((role) => {
          const c = codes?.find((x) => x.role === role);
          const code = t(CODE_NAME[role]);
          if (confirming === role) {
            return (
              <li key={role} role="group" aria-label={t("Replace the {{code}}?", { code })} className="confirm">
                <strong>{t("Replace the {{code}}?", { code })}</strong> {t(SIGNED_OUT[role])}
                <span className="confirm-actions">
                  <button type="button" className="danger" onClick={() => rotate(role)}>
                    {t("Yes, replace the {{code}}", { code })}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t("Keep the {{code}}", { code })}
                  </button>
                </span>
              </li>
            );
          }
          return (
            <li key={role}>
              <strong>{t(ROLE_WORDS[role])}</strong>:{" "}
              {c?.set
                ? t("set {{when}} by {{name}}", {
                    when: new Date(c.updatedAt!).toLocaleString(locale()),
                    name: c.updatedBy,
                  })
                : t("not set")}{" "}
              <button type="button" onClick={() => (c?.set ? setConfirming(role) : rotate(role))}>
                {c?.set ? t("Replace {{code}}", { code }) : t("Create {{code}}", { code })}
              </button>
            </li>
          );
        })}
      </ul>
    </Disclosure>
  );
}
