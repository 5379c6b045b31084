import { useEffect, useRef, useState } from "react";
import type { AuditEntry } from "../../../../shared";
import { exportAuditCsv } from "../../../../shared/csv";
import { downloadCsv, fetchAllAudit, fetchAudit, type AuditFilters } from "../../net/supervisor-api";
import { whatHappened, whoDid } from "../audit-words";

/** datetime-local gives local wall-clock time without a zone; the hub wants an instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Everything that changed at the facility, filtered by car, person and time, newest first. */
export function AuditView({ fid }: { fid: string }) {
  const [draft, setDraft] = useState({ carId: "", door: "", trailer: "", actor: "", from: "", to: "" });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [partial, setPartial] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shownFor, setShownFor] = useState<AuditFilters | null>(null);

  // Answers can arrive out of order (a slow first page after a quick filtered one); only the newest request may
  // fill the table, or a supervisor would read unfiltered rows under a filter.
  const latest = useRef(0);

  const load = (f: AuditFilters, before?: string) => {
    const ticket = ++latest.current;
    setBusy(true);
    setError(null);
    fetchAudit(fid, f, before)
      .then((p) => {
        if (ticket !== latest.current) return;
        setEntries((e) => (before ? [...e, ...p.entries] : p.entries));
        setShownFor(f);
        setNext(p.next);
        setPartial(p.partial);
      })
      .catch((e: Error) => {
        if (ticket === latest.current) setError(e.message);
      })
      .finally(() => {
        if (ticket === latest.current) setBusy(false);
      });
  };
  useEffect(() => load({}), [fid]);

  return (
    <section aria-label="Audit">
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          const f: AuditFilters = {
            ...(draft.carId.trim() ? { carId: draft.carId.trim() } : {}),
            ...(draft.door.trim() ? { door: draft.door.trim() } : {}),
            ...(draft.trailer.trim() ? { trailer: draft.trailer.trim().toUpperCase() } : {}),
            ...(draft.actor.trim() ? { actor: draft.actor.trim() } : {}),
            ...(instant(draft.from) ? { from: instant(draft.from) } : {}),
            ...(instant(draft.to) ? { to: instant(draft.to) } : {}),
          };
          setFilters(f);
          load(f);
        }}
      >
        <label>
          <span>Car</span>
          <input value={draft.carId} onChange={(e) => setDraft({ ...draft, carId: e.target.value })} />
        </label>
        <label>
          <span>Door</span>
          <input value={draft.door} onChange={(e) => setDraft({ ...draft, door: e.target.value })} />
        </label>
        <label>
          <span>Trailer</span>
          <input value={draft.trailer} onChange={(e) => setDraft({ ...draft, trailer: e.target.value })} />
        </label>
        <label>
          <span>Person</span>
          <input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </label>
        <label>
          <span>From</span>
          <input
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          <span>To</span>
          <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" disabled={busy}>
          Show
        </button>
        <button
          type="button"
          onClick={() =>
            void fetchAllAudit(fid, filters)
              .then((all) =>
                downloadCsv(exportAuditCsv(all), `audit-${fid}-${new Date().toISOString().slice(0, 10)}.csv`),
              )
              .catch((e: Error) => setError(e.message))
          }
        >
          Export CSV
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {shownFor ? (
        <p role="status" data-testid="audit-shown">
          {describeFilters(shownFor)}
        </p>
      ) : null}
      {partial ? <p role="status">The audit store is unreachable: showing only the newest changes.</p> : null}
      <table className="data" aria-label="Changes" aria-busy={busy}>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What happened</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.seq}|${e.carId}|${e.field}`}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{whoDid(e)}</td>
              <td>{whatHappened(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!busy && entries.length === 0 ? <p>No changes match.</p> : null}
      {next ? (
        <button type="button" disabled={busy} onClick={() => load(filters, next)}>
          Older changes
        </button>
      ) : null}
    </section>
  );
}

/** Says which filters the rows on screen answer, so a stale table is never read as a filtered one. */
function describeFilters(f: AuditFilters): string {
  const parts = [
    f.carId ? `car ${f.carId}` : null,
    f.door ? `door ${f.door}` : null,
    f.trailer ? `trailer ${f.trailer}` : null,
    f.actor ? `person “${f.actor}”` : null,
    f.from ? `from ${new Date(f.from).toLocaleString()}` : null,
    f.to ? `to ${new Date(f.to).toLocaleString()}` : null,
  ].filter(Boolean);
  return parts.length ? `Changes for ${parts.join(", ")}` : "All changes";
}
