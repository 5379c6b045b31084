import type { Shift } from "../../../shared";
import { clockTime, t, useT } from "../i18n/i18n";

// Apart from the shift's controls (shift-bar.tsx, in the tools' chunk): every board shows which shift is open,
// only a supervisor's tools start and end one.

export function shiftLine(shift: Shift | null, now = Date.now()): string {
  if (!shift) return t("No shift open");
  const open = t("Shift open since {{time}}, started by {{name}}", {
    time: clockTime(shift.startedAt),
    name: shift.startedBy,
  });
  if (!shift.cutoffAt) return open;
  const cutoff =
    Date.parse(shift.cutoffAt) <= now
      ? t("cut-off {{time}} (passed: cars not in are late)", { time: clockTime(shift.cutoffAt) })
      : t("cut-off {{time}}", { time: clockTime(shift.cutoffAt) });
  return `${open} · ${cutoff}`;
}

/** The open shift, for everyone. */
export function ShiftLine({ shift }: { shift: Shift | null }) {
  useT();
  return (
    <section className={`shift${shift ? " shift-open" : ""}`} aria-label={t("Shift")}>
      <p data-testid="shift-line">
        <strong>{shiftLine(shift)}</strong>
        {shift?.notes ? ` · ${shift.notes}` : ""}
      </p>
    </section>
  );
}
