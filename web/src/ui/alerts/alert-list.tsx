import type { Alert } from "../../../../shared";
import { useT } from "../../i18n/i18n";
import { alertText, clockOf } from "./alert-words";
import type { AlertSound } from "./alert-sound";
import { PushToggle } from "./push-toggle";

interface Props {
  id: string;
  fid: string;
  /** Newest first. */
  sorted: readonly Alert[];
  canAck: boolean;
  onAck(key: string): void;
  onOpenCar(id: string): void;
  sound: AlertSound;
}

/** The alert bar's list behind its one tap: each alert in words, what it is about, and who has seen it. */
export function AlertList({ id, fid, sorted, canAck, onAck, onOpenCar, sound }: Props) {
  const t = useT();
  return (
    <div id={id} className="alert-list">
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
                <button type="button" onClick={() => onOpenCar(a.car)}>
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
  );
}
