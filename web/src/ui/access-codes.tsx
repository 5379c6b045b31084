import { useEffect, useState } from "react";
import { ROLES, type CodeStatus, type Role } from "../../../shared";
import { listCodes, rotateCode } from "../net/session";

const ROLE_WORDS: Record<Role, string> = { display: "Wall screen", crew: "Crew", supervisor: "Supervisor" };

/**
 * The facility's three codes. A new code is shown once, here, and never again; the
 * hub keeps only its hash, and everyone signed in with the old one signs in again.
 */
export function AccessCodes({ fid }: { fid: string }) {
  const [codes, setCodes] = useState<CodeStatus[] | null>(null);
  const [shown, setShown] = useState<{ role: Role; code: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const refresh = () =>
    listCodes(fid)
      .then(setCodes)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    if (open) void refresh();
  }, [open, fid]);
  const rotate = (role: Role) => {
    setError(null);
    rotateCode(fid, role)
      .then((code) => (setShown({ role, code }), refresh()))
      .catch((e: Error) => setError(e.message));
  };
  return (
    <details className="codes" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Access codes</summary>
      {shown ? (
        <p role="status" className="new-code">
          New {ROLE_WORDS[shown.role].toLowerCase()} code: <code data-testid="new-code">{shown.code}</code>. Write it
          down now; it is not shown again.
        </p>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      <ul>
        {ROLES.map((role) => {
          const c = codes?.find((x) => x.role === role);
          return (
            <li key={role}>
              <strong>{ROLE_WORDS[role]}</strong>:{" "}
              {c?.set ? `set ${new Date(c.updatedAt!).toLocaleString()} by ${c.updatedBy}` : "not set"}{" "}
              <button type="button" onClick={() => rotate(role)}>
                {c?.set ? "Replace" : "Create"} {ROLE_WORDS[role].toLowerCase()} code
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
