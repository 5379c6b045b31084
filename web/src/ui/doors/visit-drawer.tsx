import { useEffect, useState } from "react";
import type { AuditEntry, MutationDraft, Visit } from "../../../../shared";
import { fetchAudit } from "../../net/supervisor-api";
import { whatHappened, whoDid } from "../audit-words";
import { Disclosure } from "../disclosure";
import { locale, useT } from "../../i18n/i18n";

const clock = (iso: string) => new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });

interface Props {
  fid: string;
  visit: Visit;
  freeDoors: readonly string[];
  supervisor: boolean;
  open: boolean;
  onToggle(): void;
  send(m: MutationDraft): void;
}

/** One trailer's story and the rarer actions: notes, a move, a correction of how full it was. */
export function VisitDrawer({ fid, visit, freeDoors, supervisor, open, onToggle, send }: Props) {
  const t = useT();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [to, setTo] = useState("");
  const [initial, setInitial] = useState(String(visit.initialPercent));
  const [reason, setReason] = useState("");

  // Read again whenever the visit changes, so the drawer never shows the story as it was before a tap.
  useEffect(() => {
    if (!open) return;
    let live = true;
    fetchAudit(fid, { trailer: visit.trailer, from: visit.dockedAt }, undefined, 200)
      .then((r) => live && (setEntries(r.entries), setError(null)))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [open, fid, visit.trailer, visit.dockedAt, visit.version]);

  const fixedInitial = Number(initial);
  const canFix =
    Number.isInteger(fixedInitial) && fixedInitial >= 0 && fixedInitial <= 100 && reason.trim().length >= 3;

  return (
    <Disclosure
      label={t("More")}
      name={t("More for trailer {{trailer}} at door {{door}}", { trailer: visit.trailer, door: visit.door })}
      className="visit-drawer"
      open={open}
      onOpenChange={onToggle}
    >
      <h3>{t("Trailer {{trailer}}", { trailer: visit.trailer })}</h3>
      <p>
        {t("Docked at {{time}}, {{n}}% full", { time: clock(visit.dockedAt), n: visit.initialPercent })}
        {visit.startedAt ? `; ${t("unloading since {{time}}", { time: clock(visit.startedAt) })}` : ""}
        {visit.completedAt ? `; ${t("unloaded at {{time}}", { time: clock(visit.completedAt) })}` : ""}.
      </p>
      {visit.notes.length > 0 ? (
        <ul className="visit-notes" aria-label={t("Notes on trailer {{trailer}}", { trailer: visit.trailer })}>
          {visit.notes.map((n, i) => (
            <li key={i}>
              {clock(n.at)} · <strong>{n.by}</strong>: {n.text}
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim()) return;
          send({ type: "visit.note", visitId: visit.visitId, note: note.trim() });
          setNote("");
        }}
      >
        <label>
          <span>{t("Note")}</span>
          <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit">{t("Add note to trailer {{trailer}}", { trailer: visit.trailer })}</button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (to) send({ type: "visit.move", visitId: visit.visitId, toDoor: to });
        }}
      >
        <label>
          <span>{t("Move to door")}</span>
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t("Choose a free door")}</option>
            {freeDoors.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!to}>
          {t("Move trailer {{trailer}}", { trailer: visit.trailer })}
        </button>
      </form>
      {supervisor ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!canFix) return;
            send({
              type: "visit.fixInitial",
              visitId: visit.visitId,
              initialPercent: fixedInitial,
              reason: reason.trim(),
            });
            setReason("");
          }}
        >
          <label>
            <span>{t("How full it really was (%)")}</span>
            <input inputMode="numeric" value={initial} onChange={(e) => setInitial(e.target.value)} />
          </label>
          <label>
            <span>{t("Why")}</span>
            <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="submit"
            disabled={!canFix}
            aria-label={t("Save correction to how full trailer {{trailer}} was", { trailer: visit.trailer })}
          >
            {t("Save correction")}
          </button>
        </form>
      ) : null}
      <h4>{t("What happened")}</h4>
      {error ? <p role="alert">{error}</p> : null}
      {entries === null && !error ? <p>{t("Loading…")}</p> : null}
      {entries ? (
        <ol
          className="visit-timeline"
          aria-label={t("What happened to trailer {{trailer}}", { trailer: visit.trailer })}
        >
          {/* A door's own state rows repeat what the trailer's rows say. */}
          {entries
            .filter((e) => !e.field.endsWith("/state"))
            .map((e) => (
              <li key={`${e.seq}:${e.field}`}>
                {clock(e.at)} · <strong>{whoDid(e)}</strong> {whatHappened(e)}
              </li>
            ))}
        </ol>
      ) : null}
    </Disclosure>
  );
}
