import { lazy, Suspense } from "react";
import { LATER } from "../later";
import { useAlertSound } from "./alert-sound";
import type { AlertBarProps } from "./alert-summary";

// What the bar shows (its words, the list) is a chunk of its own, loaded once the board is on screen (ui/later.ts);
// the sound listens from the start, so the alert that brings the bar is the one that beeps.
const AlertSummary = lazy(() => LATER.alertSummary().then((m) => ({ default: m.AlertSummary })));

/** The handheld's and the door board's alert bar: nothing while no alert is up. */
export function AlertBar(props: AlertBarProps) {
  const sound = useAlertSound(props.alerts);
  if (props.alerts.length === 0) return null;
  return (
    <Suspense fallback={null}>
      <AlertSummary {...props} sound={sound} />
    </Suspense>
  );
}
