import type { Alert } from "../../../../shared";
import { useT } from "../../i18n/i18n";
import { alertText } from "./alert-words";

/** How many lines the wall gives alerts before it sums up the rest: the yard stays on screen. */
const LINES = 3;

const oldestFirst = (a: Alert, b: Alert) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0);

/** Alerts on the TV: large, oldest first, above the yard; acknowledged ones say who saw them. */
export function WallAlerts({ alerts }: { alerts: readonly Alert[] }) {
  const t = useT();
  if (alerts.length === 0) return null;
  const sorted = [...alerts].sort(oldestFirst);
  const shown = sorted.slice(0, sorted.length > LINES ? LINES - 1 : LINES);
  const more = sorted.length - shown.length;
  return (
    <section className="wall-alerts" aria-label={t("Alerts")} role="status">
      <ul>
        {shown.map((a) => (
          <li key={a.key} className={a.ackedBy ? "acked" : ""}>
            <span className="wall-alert-mark" aria-hidden="true">
              !
            </span>
            {alertText(a)}
            {a.ackedBy ? <span className="wall-alert-seen">{t("seen by {{name}}", { name: a.ackedBy })}</span> : null}
          </li>
        ))}
        {more > 0 ? <li className="more">{t("+{{n}} more alerts", { n: more })}</li> : null}
      </ul>
    </section>
  );
}
