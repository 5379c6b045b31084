import { lazy, Suspense, useEffect, useState } from "react";
import { LATER } from "../later";
import { useWakeOnFirstTap } from "./alert-audio";
import type { AlertBarProps } from "./alert-summary";

// The bar (its words, its list, its sound) is a chunk of its own, mounted once that chunk is here (or an alert is
// up) and listening for new alerts from then. Not before: a chunk that cannot load, the Wi-Fi gone before it came
// and no service worker to serve it, would take the whole board down with it while no alert needs it.
const AlertSummary = lazy(() => LATER.alertSummary().then((m) => ({ default: m.AlertSummary })));

/** The handheld's and the door board's alert bar. */
export function AlertBar(props: AlertBarProps) {
  useWakeOnFirstTap();
  const [loaded, setLoaded] = useState(false);
  useEffect(
    () =>
      void LATER.alertSummary().then(
        () => setLoaded(true),
        () => undefined,
      ),
    [],
  );
  if (!loaded && props.alerts.length === 0) return null;
  return (
    <Suspense fallback={null}>
      <AlertSummary {...props} />
    </Suspense>
  );
}
