import { snapshotOfState } from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import type { Cancel, Device, WaitingTaps } from "./ports";

/** A burst of diffs is saved once, half a second after it settles. */
const SAVE_DELAY_MS = 500;

/**
 * Whatever the hub confirms is saved on the device, so the next start can open with no network at all.
 * Returns the function that stops saving.
 */
export function keepSaved(store: FacilityStoreApi, outbox: Promise<WaitingTaps | null>, device: Device): () => void {
  let timer: Cancel | null = null;
  let last = store.getState().confirmed;
  const unsubscribe = store.subscribe((s) => {
    if (s.confirmed === last || s.staleSince !== null) return;
    last = s.confirmed;
    timer ??= device.setTimeout(() => {
      timer = null;
      const state = store.getState().confirmed;
      if (state) void outbox.then((o) => o?.saveState(snapshotOfState(state)));
    }, SAVE_DELAY_MS);
  });
  return () => {
    unsubscribe();
    timer?.();
  };
}
