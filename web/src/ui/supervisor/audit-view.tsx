import { useEffect, useRef, useState } from "react";
import type { AuditEntry } from "../../../../shared";
import { exportAuditCsv } from "../../../../shared/csv";
import { downloadCsv, fetchAllAudit, fetchAudit, type AuditFilters } from "../../net/supervisor-api";
import { whatHappened, whoDid } from "../audit-words";
import { Disclosure } from "../disclosure";
import { locale, t as translate, tx, useT } from "../../i18n/i18n";

/** The filters typed as text, in the order the form shows them. */
const TEXT_FILTERS = [
  ["carId", tx("Car")],
  ["door", tx("Door")],
  ["trailer", tx("Trailer")],
  ["actor", tx("Person")],
] as const;

/** datetime-local gives local wall-clock time without a zone; the hub wants an instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Everything that changed at the facility, filtered by car, person and time, newest first. */
export function AuditView({ fid }: { fid: string }) {
  const t = useT();
  const [draft, setDraft] = useState({ carId: "", door: "", trailer: "", actor: "", from: "", to: "" });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [partial, setPartial] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shownFor, setShownFor] = useState<AuditFilters | null>(null);
  // On a phone the changes come first and the filters open from a button; on a desk they stand open.
  const [filtersOpen, setFiltersOpen] = useState(() => window.matchMedia("(min-width: 700px)").matches);

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
    <section aria-label={t("Audit")}>
      <Disclosure label={t("Filters")} className="audit-filter-toggle" open={filtersOpen} onOpenChange={setFiltersOpen}>
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
          {TEXT_FILTERS.map(([key, label]) => (
            <label key={key}>
              <span>{t(label)}</span>
              <input value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
            </label>
          ))}
          <label>
            <span>{t("From")}</span>
            <input
              type="datetime-local"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            <span>{t("To")}</span>
            <input
              type="datetime-local"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t("Show")}
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
            {t("Export CSV")}
          </button>
        </form>
      </Disclosure>
      {error ? <p role="alert">{error}</p> : null}
      {shownFor ? (
        <p role="status" data-testid="audit-shown">
          {describeFilters(shownFor)}
        </p>
      ) : null}
      {partial ? <p role="status">{t("The audit store is unreachable: showing only the newest changes.")}</p> : null}
      <table className="data" aria-label={t("Changes")} aria-busy={busy}>
        <thead>
          <tr>
            <th>{t("When")}</th>
            <th>{t("Who")}</th>
            <th>{t("What happened")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.seq}|${e.carId}|${e.field}`}>
              <td>{new Date(e.at).toLocaleString(locale())}</td>
              <td>{whoDid(e)}</td>
              <td>{whatHappened(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!busy && entries.length === 0 ? <p>{t("No changes match.")}</p> : null}
      {next ? (
        <button type="button" disabled={busy} onClick={() => load(filters, next)}>
          {t("Older changes")}
        </button>
      ) : null}
    </section>
  );
}

/** Says which filters the rows on screen answer, so a stale table is never read as a filtered one. */
function describeFilters(f: AuditFilters): string {
  const t = translate;
  const parts = [
    f.carId ? t("car {{id}}", { id: f.carId }) : null,
    f.door ? t("door {{door}}", { door: f.door }) : null,
    f.trailer ? t("trailer {{trailer}}", { trailer: f.trailer }) : null,
    f.actor ? t("person “{{name}}”", { name: f.actor }) : null,
    f.from ? t("from {{time}}", { time: new Date(f.from).toLocaleString(locale()) }) : null,
    f.to ? t("to {{time}}", { time: new Date(f.to).toLocaleString(locale()) }) : null,
  ].filter(Boolean);
  return parts.length ? t("Changes for {{what}}", { what: parts.join(", ") }) : t("All changes");
}
