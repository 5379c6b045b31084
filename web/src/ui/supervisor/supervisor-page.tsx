import { lazy, Suspense } from "react";
import type { SignedIn } from "../session-gate";
import { AuditView } from "./audit-view";
import { ShiftDetail, ShiftHistory } from "./shift-history";

export type SupervisorView =
  { kind: "shifts" } | { kind: "shift"; id: number } | { kind: "audit" } | { kind: "analytics" };

// Chart.js loads only with this page, never with a handheld's board.
const AnalyticsView = lazy(() => import("./analytics-view"));

const TITLES = { shifts: "Shift history", audit: "Audit", analytics: "Analytics" } as const;

/** The supervisor's pages around the board; the hub refuses their data to anyone else as well. */
export function SupervisorPage({ fid, view, signedIn }: { fid: string; view: SupervisorView; signedIn: SignedIn }) {
  const title = view.kind === "shift" ? `Shift ${view.id}` : TITLES[view.kind];
  return (
    <main className="supervisor">
      <header className="topbar">
        <h1>{title}</h1>
        <nav aria-label="Supervisor">
          <a href={`/f/${fid}`}>Board</a> · <a href={`/f/${fid}/shifts`}>Shifts</a> ·{" "}
          <a href={`/f/${fid}/audit`}>Audit</a> · <a href={`/f/${fid}/analytics`}>Analytics</a>
        </nav>
      </header>
      {signedIn.session.role !== "supervisor" ? (
        <p role="alert">Only supervisors see this page.</p>
      ) : view.kind === "audit" ? (
        <AuditView fid={fid} />
      ) : view.kind === "analytics" ? (
        <Suspense fallback={<p>Loading analytics…</p>}>
          <AnalyticsView fid={fid} />
        </Suspense>
      ) : view.kind === "shifts" ? (
        <ShiftHistory fid={fid} />
      ) : (
        <ShiftDetail fid={fid} id={view.id} />
      )}
    </main>
  );
}
