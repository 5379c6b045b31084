import type { Car } from "../../../shared";
import { totals } from "./car-status";
import { tx, useT } from "../i18n/i18n";

const TILES = [
  [tx("Arrived"), "arrived"],
  [tx("Pending"), "pending"],
  [tx("Completed"), "empty"],
  [tx("Late"), "late"],
] as const;

export function SummaryBar({ cars }: { cars: readonly Car[] }) {
  const tr = useT();
  const t = totals(cars);
  const pct = t.total ? Math.round((t.arrived / t.total) * 100) : 0;
  return (
    <section className="summary" aria-label={tr("Totals")}>
      <dl>
        {TILES.map(([label, key]) => (
          <div key={key}>
            <dt>{tr(label)}</dt>
            <dd data-testid={`count-${key}`}>
              {t[key]}
              <small>/{t.total}</small>
            </dd>
          </div>
        ))}
      </dl>
      <div
        className="progress"
        role="progressbar"
        aria-label={tr("Cars arrived")}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div style={{ width: `${pct}%` }} />
      </div>
    </section>
  );
}
