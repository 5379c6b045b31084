import { lazy, useEffect, type ComponentType } from "react";

/**
 * What a board's screen shows only now and then, each a chunk of its own so the first board does not wait for
 * it: the sign-in form (after a sign-out), the alert bar, refused taps, others' waiting taps, and the HTTP
 * fallback's polls. Once the board is on screen they are loaded, not only fetched: a sign-out or an alert with
 * the Wi-Fi gone must not depend on the service worker having cached them (it may be blocked, or not installed
 * yet, on a first visit).
 */
export const LATER = {
  signIn: () => import("./sign-in"),
  alertSummary: () => import("./alerts/alert-summary"),
  rejectionLines: () => import("./rejection-lines"),
  othersWaiting: () => import("./others-waiting"),
  httpFallback: () => import("../net/http-fallback"),
};

export type Later = keyof typeof LATER;

/**
 * Loads the chunks of LATER a screen can show (`which`: a constant of the screen's module) once `ready`, the board
 * on screen; one that fails loads when shown.
 */
export function useLoadLater(ready: boolean, which: readonly Later[]): void {
  useEffect(() => {
    if (!ready) return;
    for (const name of which) LATER[name]().catch(() => undefined);
  }, [ready, which]);
}

/** A lazy part a board can do without: if its chunk cannot come (no Wi-Fi, no service worker), it shows nothing. */
export function optional<P extends object>(load: () => Promise<ComponentType<P>>) {
  const nothing: ComponentType<P> = () => null;
  return lazy(() =>
    load().then(
      (c) => ({ default: c }),
      () => ({ default: nothing }),
    ),
  );
}
