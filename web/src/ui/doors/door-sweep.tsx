import { useState } from "react";
import type { Door, DoorState, MutationDraft, RejectMessage, Visit } from "../../../../shared";
import { t, useT } from "../../i18n/i18n";
import { refusalDetail } from "../reject-words";

type Seen = { state: DoorState; trailer?: string; initialPercent?: number };

interface Props {
  doors: readonly Door[];
  visits: ReadonlyMap<string, Visit>;
  /** The door-by-door refusals of the last sweep sent, if it was refused. */
  refused: NonNullable<RejectMessage["doors"]> | null;
  send(m: MutationDraft): void;
  onClose(): void;
}

/** What a door holds, in words: "trailer 53210 (60% full)", "expecting a trailer", "empty". */
function words(s: Seen, withFull = false): string {
  if (s.trailer) {
    return withFull && s.initialPercent !== undefined
      ? t("trailer {{trailer}} ({{n}}% full)", { trailer: s.trailer, n: s.initialPercent })
      : t("trailer {{trailer}}", { trailer: s.trailer });
  }
  return s.state === "pending" ? t("expecting a trailer") : t("empty");
}

const same = (a: Seen, b: Seen) => a.state === b.state && (a.trailer ?? "") === (b.trailer ?? "");

/**
 * The start-of-night sweep: door by door, one thumb, starting from what the board says. Nothing is sent until
 * the person has seen, in one list, every door that will change; the hub takes it all or nothing.
 */
export function DoorSweep({ doors, visits, refused, send, onClose }: Props) {
  useT();
  const board = (d: Door): Seen => {
    const v = d.visitId ? visits.get(d.visitId) : undefined;
    return v ? { state: "occupied", trailer: v.trailer } : { state: d.state };
  };
  const [seen, setSeen] = useState<Record<string, Seen>>(() =>
    Object.fromEntries(doors.map((d) => [d.door, board(d)])),
  );
  const [at, setAt] = useState(0);
  const [trailer, setTrailer] = useState("");
  const [full, setFull] = useState("");
  // Doors the person confirmed, after a refusal, that the board is wrong about: their old trailer is departed.
  const [replace, setReplace] = useState<ReadonlySet<string>>(new Set());
  const reviewing = at >= doors.length;
  const door = doors[at];

  const mark = (s: Seen) => {
    setSeen((x) => ({ ...x, [door!.door]: s }));
    setTrailer("");
    setFull("");
    setAt(at + 1);
  };
  const changes = doors.filter((d) => !same(seen[d.door]!, board(d)));

  return (
    <section className="sweep" aria-label={t("Check every door")}>
      {!reviewing && door ? (
        <>
          <h2>
            {t("Door {{door}}", { door: door.door })}{" "}
            <span className="sweep-count">{t("({{n}} of {{total}})", { n: at + 1, total: doors.length })}</span>
          </h2>
          <p>
            {t("The board says:")} <strong>{words(board(door))}</strong>
          </p>
          <div className="door-actions">
            <button type="button" className="primary" onClick={() => mark(board(door))}>
              {t("Door {{door}} is as the board says", { door: door.door })}
            </button>
            <button type="button" onClick={() => mark({ state: "empty" })}>
              {t("Door {{door}} is empty", { door: door.door })}
            </button>
            <button type="button" onClick={() => mark({ state: "pending" })}>
              {t("Door {{door}} expects a trailer", { door: door.door })}
            </button>
          </div>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const seenTrailer = trailer.trim().toUpperCase();
              const p = Number(full);
              if (!seenTrailer || full.trim() === "" || !Number.isInteger(p) || p < 0 || p > 100) return;
              mark({ state: "occupied", trailer: seenTrailer, initialPercent: p });
            }}
          >
            <label>
              <span>{t("Another trailer is there")}</span>
              <input value={trailer} autoCapitalize="characters" onChange={(e) => setTrailer(e.target.value)} />
            </label>
            <label>
              <span>{t("How full (%)")}</span>
              <input inputMode="numeric" value={full} onChange={(e) => setFull(e.target.value)} />
            </label>
            <button type="submit">{t("Trailer at door {{door}}", { door: door.door })}</button>
          </form>
          <div className="row-actions">
            <button type="button" disabled={at === 0} onClick={() => setAt(at - 1)}>
              {t("Back")}
            </button>
            <button type="button" onClick={() => setAt(doors.length)}>
              {t("Skip to the summary")}
            </button>
            <button type="button" onClick={onClose}>
              {t("Stop checking")}
            </button>
          </div>
        </>
      ) : (
        <>
          <h2>{t("What will change")}</h2>
          {changes.length === 0 ? <p>{t("Every door is as the board says. Nothing to send.")}</p> : null}
          <ul aria-label={t("Doors that will change")}>
            {changes.map((d) => (
              <li key={d.door}>
                {t("Door {{door}}:", { door: d.door })} {words(board(d))} → {words(seen[d.door]!, true)}
              </li>
            ))}
          </ul>
          {refused ? (
            <div role="alert" className="rejection">
              <p>{t("Nothing was changed. The hub refused:")}</p>
              <ul aria-label={t("Doors refused")}>
                {refused.map((r) => (
                  <li key={r.door}>
                    {t("Door {{door}}:", { door: r.door })} {refusalDetail(r.message, r.words)}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => setReplace(new Set(refused.map((r) => r.door)))}>
                {refused.length === 1
                  ? t("The sweep is right at door {{door}}: replace", { door: refused[0]!.door })
                  : t("The sweep is right at these doors: replace")}
              </button>
            </div>
          ) : null}
          <div className="row-actions">
            <button
              type="button"
              className="primary"
              disabled={changes.length === 0}
              onClick={() =>
                send({
                  type: "doors.verify",
                  doors: changes.map((d) => {
                    const s = seen[d.door]!;
                    return {
                      door: d.door,
                      state: s.state,
                      ...(s.trailer
                        ? { trailer: s.trailer, initialPercent: s.initialPercent, visitId: crypto.randomUUID() }
                        : {}),
                      ...(replace.has(d.door) ? { replace: true } : {}),
                    };
                  }),
                })
              }
            >
              {t("Send {{n}} door changes", { n: changes.length })}
            </button>
            <button type="button" onClick={() => setAt(0)}>
              {t("Check again")}
            </button>
            <button type="button" onClick={onClose}>
              {t("Close")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
