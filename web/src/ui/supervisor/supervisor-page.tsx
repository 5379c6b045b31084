import { lazy, Suspense } from "react";
import type { SupervisorView } from "../../route";
import type { SignedIn } from "../session-gate";
import { AuditView } from "./audit-view";
import { ShiftDetail, ShiftHistory } from "./shift-history";
import { tx, useT } from "../../i18n/i18n";
import { LanguageSwitch } from "../language-switch";

// Chart.js loads only with this page, never with a handheld's board.
const AnalyticsView = lazy(() => import("./analytics-view"));

const TITLES = { shifts: tx("Shift history"), audit: tx("Audit"), analytics: tx("Analytics") } as const;

/** The supervisor's pages around the board; the hub refuses their data to anyone else as well. */
export function SupervisorPage({ fid, view, signedIn }: { fid: string; view: SupervisorView; signedIn: SignedIn }) {
  const t = useT();
  const title = view.kind === "shift" ? t("Shift {{id}}", { id: view.id }) : t(TITLES[view.kind]);
  return (
    <main className="supervisor">
      <header className="topbar">
        <h1>{title}</h1>
        <nav aria-label={t("Supervisor")}>
          <a href={`/f/${fid}`}>{t("Board")}</a> · <a href={`/f/${fid}/shifts`}>{t("Shifts")}</a> ·{" "}
          <a href={`/f/${fid}/audit`}>{t("Audit")}</a> · <a href={`/f/${fid}/analytics`}>{t("Analytics")}</a>
        </nav>
        <LanguageSwitch />
      </header>
      {signedIn.session.role !== "supervisor" ? (
        <p role="alert">{t("Only supervisors see this page.")}</p>
      ) : view.kind === "audit" ? (
        <AuditView fid={fid} />
      ) : view.kind === "analytics" ? (
        <Suspense fallback={<p>{t("Loading analytics…")}</p>}>
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
