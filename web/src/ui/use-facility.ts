import { useEffect, useLayoutEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import type { Mutation } from "../../../shared";
import { FacilityConnection } from "../net/connection";
import { loadPlanAny, loadedPlanAny, withPending, type PlanAny } from "../store/derive";
import { createFacilityStore, type FacilityStore } from "../store/facility-store";

/** One store and one connection per facility screen; components read the store and call `send`. */
export function useFacility(fid: string, by: string) {
  const store = useMemo(() => createFacilityStore(), [fid, by]);
  const [connection, setConnection] = useState<FacilityConnection | null>(null);
  // Started before the screen's first paint rather than after it: the saved board and the socket are what the
  // screen waits for, and on a slow handheld that paint is a 100 ms layout.
  useLayoutEffect(() => {
    const c = new FacilityConnection(fid, by, store);
    c.start();
    setConnection(c);
    return () => c.stop();
  }, [fid, by, store]);
  const send = (m: Mutation) => connection?.send(m);
  const adopt = (from: string) => void connection?.adopt(from);
  return { store, send, adopt };
}

/** Tells the session gate when the hub stops accepting this screen's session. */
export function useAuthWatch(store: ReturnType<typeof createFacilityStore>, lost: (message: string) => void): void {
  const authLost = useStore(store, (s) => s.authLost);
  useEffect(() => {
    if (authLost) lost(authLost);
  }, [authLost, lost]);
}

export function useFacilityState<T>(store: ReturnType<typeof createFacilityStore>, select: (s: FacilityStore) => T): T {
  return useStore(store, select);
}

/** The state the screen shows: confirmed plus pending, recomputed only when either changes. */
export function useShownState(store: ReturnType<typeof createFacilityStore>, name: string) {
  const confirmed = useStore(store, (s) => s.confirmed);
  const pending = useStore(store, (s) => s.pending);
  const plan = usePlanAny();
  return useMemo(
    () => (confirmed ? withPending(confirmed, pending, name, plan) : null),
    [confirmed, pending, name, plan],
  );
}

/** The planner of every mutation, loaded after the screen's first paint (null until then). */
function usePlanAny(): PlanAny | null {
  const [plan, setPlan] = useState(loadedPlanAny);
  useEffect(() => {
    if (plan) return;
    let mounted = true;
    loadPlanAny().then(
      (loaded) => mounted && setPlan(() => loaded),
      (err: unknown) => console.warn("could not load the planner of shifts, doors and alerts", err),
    );
    return () => void (mounted = false);
  }, [plan]);
  return plan;
}
