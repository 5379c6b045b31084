import type { Car } from "../../../shared";
import { totals } from "./car-status";

export function SummaryBar({ cars }: { cars: readonly Car[] }) {
  const t = totals(cars);
  const pct = t.total ? Math.round((t.arrived / t.total) * 100) : 0;
  return (
    <section className="summary" aria-label="Totals">
      <dl>
        <div>
          <dt>Arrived</dt>
          <dd data-testid="count-arrived">
            {t.arrived}/{t.total}
          </dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd data-testid="count-pending">
            {t.pending}/{t.total}
          </dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd data-testid="count-empty">
            {t.empty}/{t.total}
          </dd>
        </div>
        <div>
          <dt>Late</dt>
          <dd data-testid="count-late">
            {t.late}/{t.total}
          </dd>
        </div>
      </dl>
      <div
        className="progress"
        role="progressbar"
        aria-label="Cars arrived"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div style={{ width: `${pct}%` }} />
      </div>
    </section>
  );
}
