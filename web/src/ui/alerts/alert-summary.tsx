import { lazy, Suspense, useId, useState } from "react";
import type { Alert } from "../../../../shared";
import { useT } from "../../i18n/i18n";
import { alertText } from "./alert-words";
import { useAlertSound } from "./alert-sound";

const AlertList = lazy(() => import("./alert-list").then((m) => ({ default: m.AlertList })));

export interface AlertBarProps {
  fid: string;
  alerts: readonly Alert[];
  canAck: boolean;
  onAck(key: string): void;
  onOpenCar(id: string): void;
}

const newestFirst = (a: Alert, b: Alert) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0);

/** The alert bar as shown: how many, the newest in words, and the list behind one tap; nothing while none is up. */
export function AlertSummary({ fid, alerts, canAck, onAck, onOpenCar }: AlertBarProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  // Mounted with the board, so the alert that brings the bar is the one that beeps.
  const sound = useAlertSound(alerts);
  if (alerts.length === 0) return null;
  const sorted = [...alerts].sort(newestFirst);
  const unseen = alerts.filter((a) => !a.ackedBy).length;
  return (
    <section className={`alert-bar${unseen ? " has-new" : ""}`} aria-label={t("Alerts")}>
      <button
        type="button"
        className="alert-summary"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        <span className="alert-count" aria-hidden="true">
          {alerts.length}
        </span>
        <span className="sr-only">{t("Alerts: {{n}}", { n: alerts.length })}</span>
        {/* Open, the list says it all; closed, the newest alert stands for the rest. */}
        <span className="alert-newest" data-testid="alert-newest">
          {open ? t("Alerts") : alertText(sorted[0]!)}
        </span>
      </button>
      {open ? (
        // The list, its settings and push (about 1.7 KiB gzipped) load when first opened; the page prefetches them.
        <Suspense fallback={null}>
          <AlertList
            id={listId}
            fid={fid}
            sorted={sorted}
            canAck={canAck}
            onAck={onAck}
            onOpenCar={(id) => (setOpen(false), onOpenCar(id))}
            sound={sound}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
