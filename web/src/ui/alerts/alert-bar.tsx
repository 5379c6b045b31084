import { useId, useState } from "react";
import type { Alert } from "../../../../shared";
import { useT } from "../../i18n/i18n";
import { alertText, clockOf } from "./alert-words";
import { useAlertSound } from "./alert-sound";
import { PushToggle } from "./push-toggle";

interface Props {
  fid: string;
  alerts: readonly Alert[];
  canAck: boolean;
  onAck(key: string): void;
  onOpenCar(id: string): void;
}

const newestFirst = (a: Alert, b: Alert) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0);

/** The handheld's alert bar: how many, the newest in words, and the list behind one tap. */
export function AlertBar({ fid, alerts, canAck, onAck, onOpenCar }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const sound = useAlertSound(alerts);
  const listId = useId();
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
        <div id={listId} className="alert-list">
          <ul>
            {sorted.map((a) => (
              <li key={a.key} className={a.ackedBy ? "acked" : ""}>
                <p className="alert-text">{alertText(a)}</p>
                <p className="alert-meta">
                  {t("Raised at {{time}}", { time: clockOf(a.raisedAt) })}
                  {a.ackedBy ? ` · ${t("seen by {{name}}", { name: a.ackedBy })}` : ""}
                </p>
                <div className="alert-actions">
                  {a.car ? (
                    <button type="button" onClick={() => (setOpen(false), onOpenCar(a.car))}>
                      {t("Open car {{car}}", { car: a.car })}
                    </button>
                  ) : a.door ? (
                    <a className="button-link" href={`/f/${fid}/doors?door=${encodeURIComponent(a.door)}`}>
                      {t("Open door {{door}}", { door: a.door })}
                    </a>
                  ) : null}
                  {canAck && !a.ackedBy ? (
                    <button
                      type="button"
                      className="primary"
                      aria-label={`${t("Acknowledge")}: ${alertText(a)}`}
                      onClick={() => onAck(a.key)}
                    >
                      {t("Acknowledge")}
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
          <div className="alert-settings">
            <button type="button" aria-pressed={sound.on} onClick={sound.toggle}>
              {t("Sound for new alerts")}
            </button>
            <PushToggle fid={fid} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
