import { useState } from "react";
import type { Door, MutationDraft, Visit } from "../../../../shared";
import { DockForm } from "./dock-form";
import { doorWord, leftPercent, timeAt } from "./door-words";
import { VisitDrawer } from "./visit-drawer";
import { useT } from "../../i18n/i18n";

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
  const t = useT();
  const [docking, setDocking] = useState(false);
  const [departing, setDeparting] = useState(false);
  const state = visit ? visit.status : door.state;
  const left = visit ? leftPercent(visit) : 0;
  const active = visit && visit.status !== "departed";

  return (
    <li
      className={`door-card door-${state}${p.waiting ? " waiting" : ""}`}
      aria-label={t("Door {{door}}", { door: label })}
    >
      <div className="door-head">
        <span className="door-no">{label}</span>
        <span className="door-word">{doorWord(door, visit)}</span>
        {visit ? <span className="door-time">{timeAt(visit.dockedAt, p.now)}</span> : null}
      </div>
      {visit ? (
        <>
          <p className="door-trailer">
            <span>
              {t("Trailer")} <strong>{visit.trailer}</strong>
              {visit.origin ? <> · {t("from {{origin}}", { origin: visit.origin })}</> : null}
            </span>
            <span className="door-left">{t("{{n}}% left", { n: left })}</span>
          </p>
          <div
            className="door-bar"
            role="progressbar"
            aria-label={t("Left to unload at door {{door}}", { door: label })}
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
                  aria-label={t("Unloaded {{n}}% more at door {{door}}", { n, door: label })}
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
              aria-label={t("Done unloading at door {{door}}", { door: label })}
              onClick={() => p.send({ type: "visit.finish", visitId: visit.visitId })}
            >
              {t("Done")}
            </button>
          ) : null}
          <button
            type="button"
            aria-label={t("Depart trailer from door {{door}}", { door: label })}
            onClick={() => setDeparting(true)}
          >
            {t("Depart")}
          </button>
        </div>
      ) : null}
      {active && departing ? (
        <div
          className="door-actions depart"
          role="group"
          aria-label={t("After trailer {{trailer}} leaves", { trailer: visit.trailer })}
        >
          <button
            type="button"
            onClick={() => (
              setDeparting(false),
              p.send({ type: "visit.depart", visitId: visit.visitId, nextDoorState: "empty" })
            )}
          >
            {t("Leave door {{door}} empty", { door: label })}
          </button>
          <button
            type="button"
            onClick={() => (
              setDeparting(false),
              p.send({ type: "visit.depart", visitId: visit.visitId, nextDoorState: "pending" })
            )}
          >
            {t("Door {{door}} expects the next trailer", { door: label })}
          </button>
          <button type="button" onClick={() => setDeparting(false)}>
            {t("Cancel")}
          </button>
        </div>
      ) : null}
      {!active && !docking ? (
        <div className="door-actions free">
          <button
            type="button"
            className="primary"
            aria-label={t("Dock a trailer at door {{door}}", { door: label })}
            onClick={() => setDocking(true)}
          >
            {t("Dock")}
          </button>
          {/* A toggle: pressed while the door expects a trailer. */}
          <button
            type="button"
            aria-pressed={door.state === "pending"}
            aria-label={t("Expect a trailer at door {{door}}", { door: label })}
            onClick={() =>
              p.send({ type: "door.set", door: label, state: door.state === "pending" ? "empty" : "pending" })
            }
          >
            {t("Expect")}
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
