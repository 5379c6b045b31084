import type { SignedIn } from "../session-gate";
import { AuditView } from "./audit-view";
import { ShiftDetail, ShiftHistory } from "./shift-history";

export type SupervisorView = { kind: "shifts" } | { kind: "shift"; id: number } | { kind: "audit" };

/** The supervisor's pages around the board; the hub refuses their data to anyone else as well. */
export function SupervisorPage({ fid, view, signedIn }: { fid: string; view: SupervisorView; signedIn: SignedIn }) {
  const title = view.kind === "audit" ? "Audit" : view.kind === "shifts" ? "Shift history" : `Shift ${view.id}`;
  return (
    <main className="supervisor">
      <header className="topbar">
        <h1>{title}</h1>
        <nav aria-label="Supervisor">
          <a href={`/f/${fid}`}>Board</a> · <a href={`/f/${fid}/shifts`}>Shifts</a> ·{" "}
          <a href={`/f/${fid}/audit`}>Audit</a>
        </nav>
      </header>
      {signedIn.session.role !== "supervisor" ? (
        <p role="alert">Only supervisors see this page.</p>
      ) : view.kind === "audit" ? (
        <AuditView fid={fid} />
      ) : view.kind === "shifts" ? (
        <ShiftHistory fid={fid} />
      ) : (
        <ShiftDetail fid={fid} id={view.id} />
      )}
    </main>
  );
}
