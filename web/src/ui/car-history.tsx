import { useEffect, useState } from "react";
import type { AuditEntry } from "../../../shared";
import { fetchAudit } from "../net/supervisor-api";
import { whatHappened, whoDid } from "./audit-words";
import { Disclosure } from "./disclosure";
import { locale, useT } from "../i18n/i18n";

const when = (iso: string) =>
  new Date(iso).toLocaleString(locale(), { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });

/** Who changed what on one car, newest first; loaded when opened, again when the car changes. */
export function CarHistory({ fid, carId, version }: { fid: string; carId: string; version: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    fetchAudit(fid, { carId }, undefined, 200)
      .then((r) => live && (setEntries(r.entries), setError(null)))
      .catch((e: unknown) => live && setError(String(e instanceof Error ? e.message : e)));
    return () => {
      live = false;
    };
  }, [open, fid, carId, version]);
  return (
    <Disclosure
      label={t("History")}
      name={t("History of {{id}}", { id: carId })}
      className="history"
      open={open}
      onOpenChange={setOpen}
    >
      {error ? <p role="alert">{error}</p> : null}
      {open && entries === null && !error ? <p>{t("Loading…")}</p> : null}
      {entries ? (
        <ol aria-label={t("Changes to {{id}}", { id: carId })}>
          {entries.map((e) => (
            <li key={`${e.seq}:${e.field}`}>
              {when(e.at)} · <strong>{whoDid(e)}</strong> {whatHappened(e)}
            </li>
          ))}
          {entries.length === 0 ? <li>{t("No changes recorded yet.")}</li> : null}
        </ol>
      ) : null}
    </Disclosure>
  );
}
