import { useEffect, useState } from "react";
import type { AuditEntry } from "../../../shared";
import { fetchAudit } from "../net/supervisor-api";
import { whatHappened, whoDid } from "./audit-words";
import { locale, useT } from "../i18n/i18n";

const when = (iso: string) =>
  new Date(iso).toLocaleString(locale(), { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });

/** One car's changes, newest first: mounted when its history is opened, loaded again when the car changes. */
export default function HistoryList({ fid, carId, version }: { fid: string; carId: string; version: number }) {
  const t = useT();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchAudit(fid, { carId }, undefined, 200)
      .then((r) => live && (setEntries(r.entries), setError(null)))
      .catch((e: unknown) => live && setError(String(e instanceof Error ? e.message : e)));
    return () => {
      live = false;
    };
  }, [fid, carId, version]);
  if (error) return <p role="alert">{error}</p>;
  if (entries === null) return <p>{t("Loading…")}</p>;
  return (
    <ol aria-label={t("Changes to {{id}}", { id: carId })}>
      {entries.map((e) => (
        <li key={`${e.seq}:${e.field}`}>
          {when(e.at)} · <strong>{whoDid(e)}</strong> {whatHappened(e)}
        </li>
      ))}
      {entries.length === 0 ? <li>{t("No changes recorded yet.")}</li> : null}
    </ol>
  );
}
