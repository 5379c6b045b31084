import { useEffect, useState } from "react";
import { ROLES, type CodeStatus, type Role } from "../../../shared";
import { listCodes, rotateCode } from "../net/session";
import { Disclosure } from "./disclosure";
import { WallQr } from "./wall-qr";

const ROLE_WORDS: Record<Role, string> = { display: "Wall screen", crew: "Crew", supervisor: "Supervisor" };

/** Who a replacement signs out, in the words a supervisor would use. */
const SIGNED_OUT: Record<Role, string> = {
  display: "Every wall screen signed in with the old code goes back to its sign-in screen.",
  crew: "Every crew handheld signed in with the old code is signed out at once; their waiting taps stay on the handheld.",
  supervisor: "Every other supervisor signed in with the old code is signed out at once. You stay signed in.",
};

/**
 * The facility's three codes. A new code is shown here and nowhere else (the hub keeps only its hash), so
 * every code made during this visit stays on screen until the supervisor says it is written down. Replacing
 * a code signs people out, so it is asked for twice.
 */
export function AccessCodes({ fid }: { fid: string }) {
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
    <Disclosure label="Access codes" className="codes" open={open} onOpenChange={setOpen}>
      {made.map(({ role, code }) => (
        <div key={role} role="status" className="new-code" aria-label={`New ${ROLE_WORDS[role].toLowerCase()} code`}>
          <p>
            New {ROLE_WORDS[role].toLowerCase()} code: <code data-testid={`new-code-${role}`}>{code}</code>
          </p>
          <p>Write it down now: it is not shown again once you hide it or leave this page.</p>
          {role === "display" ? (
            qr ? (
              <WallQr fid={fid} code={code} />
            ) : (
              <button type="button" onClick={() => setQr(true)}>
                Show the wall code as a QR code
              </button>
            )
          ) : null}
          <button type="button" onClick={() => setMade((m) => m.filter((x) => x.role !== role))}>
            I wrote down the {ROLE_WORDS[role].toLowerCase()} code
          </button>
        </div>
      ))}
      {error ? <p role="alert">{error}</p> : null}
      <ul>
        {ROLES.map((role) => {
          const c = codes?.find((x) => x.role === role);
          const words = ROLE_WORDS[role].toLowerCase();
          if (confirming === role) {
            return (
              <li key={role} role="group" aria-label={`Replace the ${words} code?`} className="confirm">
                <strong>Replace the {words} code?</strong> {SIGNED_OUT[role]}
                <span className="confirm-actions">
                  <button type="button" className="danger" onClick={() => rotate(role)}>
                    Yes, replace the {words} code
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep the {words} code
                  </button>
                </span>
              </li>
            );
          }
          return (
            <li key={role}>
              <strong>{ROLE_WORDS[role]}</strong>:{" "}
              {c?.set ? `set ${new Date(c.updatedAt!).toLocaleString()} by ${c.updatedBy}` : "not set"}{" "}
              <button type="button" onClick={() => (c?.set ? setConfirming(role) : rotate(role))}>
                {c?.set ? "Replace" : "Create"} {words} code
              </button>
            </li>
          );
        })}
      </ul>
    </Disclosure>
  );
}
