import { useEffect, useState } from "react";
import { byCarId, type Car, type Shift, type ShiftStats } from "../../../../shared";
import { exportCarsCsv } from "../../../../shared/csv";
import { downloadCsv, fetchShift, fetchShifts } from "../../net/supervisor-api";
import { statusLabel } from "../car-status";
import { locale, tx, useT } from "../../i18n/i18n";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : "—");

function Stats({ stats }: { stats: ShiftStats }) {
  const t = useT();
  return (
    <dl className="shift-stats">
      {(
        [
          [tx("Cars"), stats.total],
          [tx("Arrived"), stats.arrived],
          [tx("Not arrived"), stats.notArrived],
          [tx("Empty"), stats.empty],
          [tx("Late"), stats.late],
        ] as const
      ).map(([k, v]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every shift, newest first, twenty at a time. */
export function ShiftHistory({ fid }: { fid: string }) {
  const t = useT();
  const [shifts, setShifts] = useState<Shift[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const more = (before?: number) =>
    fetchShifts(fid, before)
      .then((page) => (setShifts((s) => [...s, ...page]), setDone(page.length < 20)))
      .catch((e: Error) => setError(e.message));
  useEffect(() => void more(), [fid]);
  return (
    <section aria-label={t("Shift history")}>
      {error ? <p role="alert">{error}</p> : null}
      <table className="data" aria-label={t("Shifts")}>
        <thead>
          <tr>
            <th>{t("Started")}</th>
            <th>{t("Ended")}</th>
            <th>{t("By")}</th>
            <th>{t("Arrived")}</th>
            <th>{t("Late")}</th>
          </tr>
        </thead>
        <tbody>
          {shifts.map((s) => (
            <tr key={s.id}>
              <td>
                <a href={`/f/${fid}/shifts/${s.id}`}>{when(s.startedAt)}</a>
              </td>
              <td>{s.endedAt ? when(s.endedAt) : t("open")}</td>
              <td>
                {s.startedBy}
                {s.endedBy && s.endedBy !== s.startedBy ? ` → ${s.endedBy}` : ""}
              </td>
              <td>{s.stats ? `${s.stats.arrived}/${s.stats.total}` : "—"}</td>
              <td>{s.stats?.late ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shifts.length === 0 && done ? <p>{t("No shifts yet.")}</p> : null}
      {!done ? (
        <button type="button" onClick={() => void more(shifts[shifts.length - 1]?.id)}>
          {t("Older shifts")}
        </button>
      ) : null}
    </section>
  );
}

/** One shift: its numbers, its notes, the board as it stood when it ended, and that board as CSV. */
export function ShiftDetail({ fid, id }: { fid: string; id: number }) {
  const t = useT();
  const [shift, setShift] = useState<(Shift & { snapshot: Car[] | null }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchShift(fid, id)
      .then(setShift)
      .catch((e: Error) => setError(e.message));
  }, [fid, id]);
  if (error) return <p role="alert">{error}</p>;
  if (!shift) return <p>{t("Loading shift {{id}}…", { id })}</p>;
  const cars = [...(shift.snapshot ?? [])].sort(byCarId);
  return (
    <section aria-label={t("Shift {{id}}", { id })}>
      <p>
        {shift.endedAt
          ? t("{{from}} ({{by}}) to {{to}} ({{endedBy}})", {
              from: when(shift.startedAt),
              by: shift.startedBy,
              to: when(shift.endedAt),
              endedBy: shift.endedBy,
            })
          : t("{{from}} ({{by}}) to now", { from: when(shift.startedAt), by: shift.startedBy })}
      </p>
      {shift.stats ? <Stats stats={shift.stats} /> : null}
      <p>
        <strong>{t("Starting notes:")}</strong> {shift.notes || t("none")}
      </p>
      <p>
        <strong>{t("Handoff:")}</strong> {shift.endNotes || t("none")}
      </p>
      {cars.length ? (
        <>
          <button
            type="button"
            onClick={() => downloadCsv(exportCarsCsv(cars), `shift-${fid}-${id}-${shift.startedAt.slice(0, 10)}.csv`)}
          >
            {t("Download this shift as CSV")}
          </button>
          <table className="data" aria-label={t("Cars at the end of the shift")}>
            <thead>
              <tr>
                <th>{t("Car")}</th>
                <th>{t("Location")}</th>
                <th>{t("Status")}</th>
                <th>{t("Arrived at")}</th>
                <th>{t("Emptied at")}</th>
                <th>{t("Notes")}</th>
              </tr>
            </thead>
            <tbody>
              {cars.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.location}</td>
                  <td>{t(statusLabel(c))}</td>
                  <td>{when(c.arrivedAt)}</td>
                  <td>{when(c.emptyAt)}</td>
                  <td>{c.notes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>{t("The board is stored when the shift ends.")}</p>
      )}
    </section>
  );
}
