import { lazy, Suspense } from "react";
import { LATER } from "../later";
import { useWakeOnFirstTap } from "./alert-audio";
import type { AlertBarProps } from "./alert-summary";

// The bar (its words, its list, its sound) is a chunk of its own, asked for with the board's first render and
// shown once here (nothing while no alert is up); it listens for new alerts from then on.
const AlertSummary = lazy(() => LATER.alertSummary().then((m) => ({ default: m.AlertSummary })));

/** The handheld's and the door board's alert bar. */
export function AlertBar(props: AlertBarProps) {
  useWakeOnFirstTap();
  return (
    <Suspense fallback={null}>
      <AlertSummary {...props} />
    </Suspense>
  );
}
