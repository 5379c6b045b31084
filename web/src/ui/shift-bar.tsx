import { useState } from "react";
import type { Shift } from "../../../shared";
import { Disclosure } from "./disclosure";
import { t, useT } from "../i18n/i18n";

/** "06:30" as the next such instant: today if still ahead, else tomorrow (a night shift's morning cut-off). */
export function nextOccurrence(hhmm: string, now = new Date()): string {
  const [h, m] = hhmm.split(":").map(Number);
  const at = new Date(now);
  at.setHours(h!, m!, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.toISOString();
}

/** Starting and ending the shift, and resetting the board between shifts: the supervisor's, in the tools. */
export function ShiftBar({
  shift,
  onStart,
  onEnd,
  carCount,
  onReset,
}: {
  shift: Shift | null;
  onStart(notes: string, cutoff: string | undefined): void;
  onEnd(notes: string): void;
  /** Between shifts: every car back to pending, the fleet kept (the old tracker's "Reset board"). */
  carCount: number;
  onReset(): void;
}) {
  useT();
  const [resetting, setResetting] = useState(false);
  const [notes, setNotes] = useState("");
  const [cutoff, setCutoff] = useState("");
  const [ending, setEnding] = useState(false);
  const [open, setOpen] = useState(false);
  const done = () => (setNotes(""), setCutoff(""), setEnding(false), setOpen(false));
  return (
    <section className={`shift${shift ? " shift-open" : ""}`} aria-label={t("Run the shift")}>
      <Disclosure label={shift ? t("End shift…") : t("Start shift…")} open={open} onOpenChange={setOpen}>
        <label>
          <span>{shift ? t("Handoff notes") : t("Notes for this shift")}</span>
          <input value={notes} maxLength={1000} onChange={(e) => setNotes(e.target.value)} />
        </label>
        {!shift ? (
          <>
            <label>
              <span>{t("Cut-off (cars not in by then are flagged late)")}</span>
              <input type="time" value={cutoff} onChange={(e) => setCutoff(e.target.value)} />
            </label>
            <button type="button" onClick={() => (onStart(notes, cutoff ? nextOccurrence(cutoff) : undefined), done())}>
              {t("Start shift")}
            </button>
          </>
        ) : ending ? (
          <span className="confirm">
            <button type="button" className="danger" onClick={() => (onEnd(notes), done())}>
              {t("End and reset every car")}
            </button>
            <button type="button" onClick={() => setEnding(false)}>
              {t("Keep the shift open")}
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setEnding(true)}>
            {t("End shift")}
          </button>
        )}
      </Disclosure>
      {!shift ? (
        resetting ? (
          <div className="confirm" role="group" aria-label={t("Reset the board?")}>
            <p>
              <strong>{t("Reset the board?")}</strong>{" "}
              {t(
                "All {{n}} cars go back to pending: arrived, late and empty are cleared. The cars, their locations and notes stay.",
                { n: carCount },
              )}
            </p>
            <button type="button" className="danger" onClick={() => (onReset(), setResetting(false))}>
              {t("Yes, reset every car")}
            </button>{" "}
            <button type="button" onClick={() => setResetting(false)}>
              {t("Keep the board")}
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setResetting(true)}>
            {t("Reset board…")}
          </button>
        )
      ) : null}
    </section>
  );
}
