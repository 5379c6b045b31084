import { useEffect, useState } from "react";
import type { Car, Shift, ShiftStats } from "../../../../shared";
import { exportCarsCsv } from "../../../../shared/csv";
import { downloadCsv, fetchShift, fetchShifts } from "../../net/supervisor-api";
import { statusLabel } from "../car-status";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function Stats({ stats }: { stats: ShiftStats }) {
  return (
    <dl className="shift-stats">
      {(
        [
          ["Cars", stats.total],
          ["Arrived", stats.arrived],
          ["Not arrived", stats.notArrived],
          ["Empty", stats.empty],
          ["Late", stats.late],
        ] as const
      ).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every shift, newest first, twenty at a time. */
export function ShiftHistory({ fid }: { fid: string }) {
  const [shifts, setShifts] = useState<Shift[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const more = (before?: number) =>
    fetchShifts(fid, before)
      .then((page) => (setShifts((s) => [...s, ...page]), setDone(page.length < 20)))
      .catch((e: Error) => setError(e.message));
  useEffect(() => void more(), [fid]);
  return (
    <section aria-label="Shift history">
      {error ? <p role="alert">{error}</p> : null}
      <table className="data" aria-label="Shifts">
        <thead>
          <tr>
            <th>Started</th>
            <th>Ended</th>
            <th>By</th>
            <th>Arrived</th>
            <th>Late</th>
          </tr>
        </thead>
        <tbody>
          {shifts.map((s) => (
            <tr key={s.id}>
              <td>
                <a href={`/f/${fid}/shifts/${s.id}`}>{when(s.startedAt)}</a>
              </td>
              <td>{s.endedAt ? when(s.endedAt) : "open"}</td>
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
      {shifts.length === 0 && done ? <p>No shifts yet.</p> : null}
      {!done ? (
        <button type="button" onClick={() => void more(shifts[shifts.length - 1]?.id)}>
          Older shifts
        </button>
      ) : null}
    </section>
  );
}

/** One shift: its numbers, its notes, the board as it stood when it ended, and that board as CSV. */
export function ShiftDetail({ fid, id }: { fid: string; id: number }) {
  const [shift, setShift] = useState<(Shift & { snapshot: Car[] | null }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchShift(fid, id)
      .then(setShift)
      .catch((e: Error) => setError(e.message));
  }, [fid, id]);
  if (error) return <p role="alert">{error}</p>;
  if (!shift) return <p>Loading shift {id}…</p>;
  const cars = [...(shift.snapshot ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  return (
    <section aria-label={`Shift ${id}`}>
      <p>
        {when(shift.startedAt)} ({shift.startedBy}) to{" "}
        {shift.endedAt ? `${when(shift.endedAt)} (${shift.endedBy})` : "now"}
      </p>
      {shift.stats ? <Stats stats={shift.stats} /> : null}
      <p>
        <strong>Starting notes:</strong> {shift.notes || "none"}
      </p>
      <p>
        <strong>Handoff:</strong> {shift.endNotes || "none"}
      </p>
      {cars.length ? (
        <>
          <button
            type="button"
            onClick={() => downloadCsv(exportCarsCsv(cars), `shift-${fid}-${id}-${shift.startedAt.slice(0, 10)}.csv`)}
          >
            Download this shift as CSV
          </button>
          <table className="data" aria-label="Cars at the end of the shift">
            <thead>
              <tr>
                <th>Car</th>
                <th>Location</th>
                <th>Status</th>
                <th>Arrived at</th>
                <th>Emptied at</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody>
              {cars.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.location}</td>
                  <td>{statusLabel(c)}</td>
                  <td>{when(c.arrivedAt)}</td>
                  <td>{when(c.emptyAt)}</td>
                  <td>{c.notes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>The board is stored when the shift ends.</p>
      )}
    </section>
  );
}
