import { useState } from "react";
import type { Door, DoorState, MutationDraft, Visit } from "../../../../shared";

type Seen = { state: DoorState; trailer?: string; initialPercent?: number };

interface Props {
  doors: readonly Door[];
  visits: ReadonlyMap<string, Visit>;
  /** The door-by-door refusals of the last sweep sent, if it was refused. */
  refused: { door: string; message: string }[] | null;
  send(m: MutationDraft): void;
  onClose(): void;
}

const same = (a: Seen, b: Seen) => a.state === b.state && (a.trailer ?? "") === (b.trailer ?? "");

/**
 * The start-of-night sweep: door by door, one thumb, starting from what the board says. Nothing is sent until
 * the person has seen, in one list, every door that will change; the hub takes it all or nothing.
 */
export function DoorSweep({ doors, visits, refused, send, onClose }: Props) {
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
    <section className="sweep" aria-label="Check every door">
      {!reviewing && door ? (
        <>
          <h2>
            Door {door.door}{" "}
            <span className="sweep-count">
              ({at + 1} of {doors.length})
            </span>
          </h2>
          <p>
            The board says:{" "}
            <strong>
              {board(door).trailer
                ? `trailer ${board(door).trailer}`
                : board(door).state === "pending"
                  ? "expecting a trailer"
                  : "empty"}
            </strong>
          </p>
          <div className="door-actions">
            <button type="button" className="primary" onClick={() => mark(board(door))}>
              Door {door.door} is as the board says
            </button>
            <button type="button" onClick={() => mark({ state: "empty" })}>
              Door {door.door} is empty
            </button>
            <button type="button" onClick={() => mark({ state: "pending" })}>
              Door {door.door} expects a trailer
            </button>
          </div>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const t = trailer.trim().toUpperCase();
              const p = Number(full);
              if (!t || full.trim() === "" || !Number.isInteger(p) || p < 0 || p > 100) return;
              mark({ state: "occupied", trailer: t, initialPercent: p });
            }}
          >
            <label>
              <span>Another trailer is there</span>
              <input value={trailer} autoCapitalize="characters" onChange={(e) => setTrailer(e.target.value)} />
            </label>
            <label>
              <span>How full (%)</span>
              <input inputMode="numeric" value={full} onChange={(e) => setFull(e.target.value)} />
            </label>
            <button type="submit">Trailer at door {door.door}</button>
          </form>
          <div className="row-actions">
            <button type="button" disabled={at === 0} onClick={() => setAt(at - 1)}>
              Back
            </button>
            <button type="button" onClick={() => setAt(doors.length)}>
              Skip to the summary
            </button>
            <button type="button" onClick={onClose}>
              Stop checking
            </button>
          </div>
        </>
      ) : (
        <>
          <h2>What will change</h2>
          {changes.length === 0 ? <p>Every door is as the board says. Nothing to send.</p> : null}
          <ul aria-label="Doors that will change">
            {changes.map((d) => {
              const s = seen[d.door]!;
              const now = s.trailer
                ? `trailer ${s.trailer} (${s.initialPercent}% full)`
                : s.state === "pending"
                  ? "expecting a trailer"
                  : "empty";
              const was = board(d).trailer
                ? `trailer ${board(d).trailer}`
                : board(d).state === "pending"
                  ? "expecting a trailer"
                  : "empty";
              return (
                <li key={d.door}>
                  Door {d.door}: {was} → {now}
                </li>
              );
            })}
          </ul>
          {refused ? (
            <div role="alert" className="rejection">
              <p>Nothing was changed. The hub refused:</p>
              <ul aria-label="Doors refused">
                {refused.map((r) => (
                  <li key={r.door}>
                    Door {r.door}: {r.message}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => setReplace(new Set(refused.map((r) => r.door)))}>
                The sweep is right at {refused.length === 1 ? `door ${refused[0]!.door}` : "these doors"}: replace
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
              Send {changes.length} door changes
            </button>
            <button type="button" onClick={() => setAt(0)}>
              Check again
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </section>
  );
}
