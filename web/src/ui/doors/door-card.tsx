import { useState } from "react";
import type { Door, MutationDraft, Visit } from "../../../../shared";
import { DockForm } from "./dock-form";
import { doorWord, leftPercent, timeAt } from "./door-words";
import { VisitDrawer } from "./visit-drawer";

export interface DoorCardProps {
  fid: string;
  door: Door;
  visit: Visit | undefined;
  now: number;
  /** A tap on this door is waiting for the hub. */
  waiting: boolean;
  freeDoors: readonly string[];
  supervisor: boolean;
  open: boolean;
  onToggle(): void;
  send(m: MutationDraft): void;
}

const STEPS = [5, 10, 25] as const;

/** One dock door: what stands there, how much is left, and the taps a person on the dock makes most. */
export function DoorCard(p: DoorCardProps) {
  const { door, visit } = p;
  const label = door.door;
  const [docking, setDocking] = useState(false);
  const [departing, setDeparting] = useState(false);
  const state = visit ? visit.status : door.state;
  const left = visit ? leftPercent(visit) : 0;
  const active = visit && visit.status !== "departed";

  return (
    <li className={`door-card door-${state}${p.waiting ? " waiting" : ""}`} aria-label={`Door ${label}`}>
      <div className="door-head">
        <span className="door-no">{label}</span>
        <span className="door-word">{doorWord(door, visit)}</span>
        {visit ? <span className="door-time">{timeAt(visit.dockedAt, p.now)}</span> : null}
      </div>
      {visit ? (
        <>
          <p className="door-trailer">
            <span>
              Trailer <strong>{visit.trailer}</strong>
              {visit.origin ? <> · from {visit.origin}</> : null}
            </span>
            <span className="door-left">{left}% left</span>
          </p>
          <div
            className="door-bar"
            role="progressbar"
            aria-label={`Left to unload at door ${label}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={left}
          >
            <span style={{ width: `${left}%` }} />
          </div>
        </>
      ) : null}
      {active && !departing ? (
        <div className="door-actions">
          {visit.status !== "completed"
            ? STEPS.map((n) => (
                <button
                  key={n}
                  type="button"
                  aria-label={`Unloaded ${n}% more at door ${label}`}
                  disabled={visit.remainingPercent === 0}
                  onClick={() => p.send({ type: "visit.progress", visitId: visit.visitId, delta: -n })}
                >
                  −{n}
                </button>
              ))
            : null}
          {visit.status !== "completed" ? (
            <button
              type="button"
              aria-label={`Done unloading at door ${label}`}
              onClick={() => p.send({ type: "visit.finish", visitId: visit.visitId })}
            >
              Done
            </button>
          ) : null}
          <button type="button" aria-label={`Depart trailer from door ${label}`} onClick={() => setDeparting(true)}>
            Depart
          </button>
        </div>
      ) : null}
      {active && departing ? (
        <div className="door-actions depart" role="group" aria-label={`After trailer ${visit.trailer} leaves`}>
          <button
            type="button"
            onClick={() => (
              setDeparting(false),
              p.send({ type: "visit.depart", visitId: visit.visitId, nextDoorState: "empty" })
            )}
          >
            Leave door {label} empty
          </button>
          <button
            type="button"
            onClick={() => (
              setDeparting(false),
              p.send({ type: "visit.depart", visitId: visit.visitId, nextDoorState: "pending" })
            )}
          >
            Door {label} expects the next trailer
          </button>
          <button type="button" onClick={() => setDeparting(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {!active && !docking ? (
        <div className="door-actions free">
          <button
            type="button"
            className="primary"
            aria-label={`Dock a trailer at door ${label}`}
            onClick={() => setDocking(true)}
          >
            Dock
          </button>
          {/* A toggle: pressed while the door expects a trailer. */}
          <button
            type="button"
            aria-pressed={door.state === "pending"}
            aria-label={`Expect a trailer at door ${label}`}
            onClick={() =>
              p.send({ type: "door.set", door: label, state: door.state === "pending" ? "empty" : "pending" })
            }
          >
            Expect
          </button>
        </div>
      ) : null}
      {!active && docking ? (
        <DockForm
          door={label}
          onCancel={() => setDocking(false)}
          onDock={(trailer, origin, initialPercent) => {
            setDocking(false);
            p.send({
              type: "door.dock",
              door: label,
              visitId: crypto.randomUUID(),
              trailer,
              ...(origin ? { origin } : {}),
              initialPercent,
            });
          }}
        />
      ) : null}
      {active ? (
        <VisitDrawer
          fid={p.fid}
          visit={visit}
          freeDoors={p.freeDoors}
          supervisor={p.supervisor}
          open={p.open}
          onToggle={p.onToggle}
          send={p.send}
        />
      ) : null}
    </li>
  );
}
