import { useState } from "react";
import type { Shift } from "../../../shared";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function shiftLine(shift: Shift | null): string {
  return shift ? `Shift open since ${time(shift.startedAt)} (${shift.startedBy})` : "No shift open";
}

/** The open shift, for everyone; starting and ending it, where the screen allows. */
export function ShiftBar({
  shift,
  canManage,
  onStart,
  onEnd,
}: {
  shift: Shift | null;
  /** Starting and ending shifts is the supervisor's. */
  canManage: boolean;
  onStart(notes: string): void;
  onEnd(notes: string): void;
}) {
  const [notes, setNotes] = useState("");
  const [ending, setEnding] = useState(false);
  const [open, setOpen] = useState(false);
  const done = () => (setNotes(""), setEnding(false), setOpen(false));
  return (
    <section className={`shift${shift ? " shift-open" : ""}`} aria-label="Shift">
      <p data-testid="shift-line">
        <strong>{shiftLine(shift)}</strong>
        {shift?.notes ? ` · ${shift.notes}` : ""}
      </p>
      {canManage ? (
        <details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>{shift ? "End shift…" : "Start shift…"}</summary>
          <label>
            <span>{shift ? "Handoff notes" : "Notes for this shift"}</span>
            <input value={notes} maxLength={1000} onChange={(e) => setNotes(e.target.value)} />
          </label>
          {!shift ? (
            <button type="button" onClick={() => (onStart(notes), done())}>
              Start shift
            </button>
          ) : ending ? (
            <span className="confirm">
              <button type="button" className="danger" onClick={() => (onEnd(notes), done())}>
                End and reset every car
              </button>
              <button type="button" onClick={() => setEnding(false)}>
                Keep the shift open
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setEnding(true)}>
              End shift
            </button>
          )}
        </details>
      ) : null}
    </section>
  );
}
