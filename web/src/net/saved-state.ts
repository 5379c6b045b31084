import { snapshotOfState } from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import type { Cancel, Device, WaitingTaps } from "./ports";

/** A burst of diffs is saved once, half a second after it settles. */
export const SAVE_DELAY_MS = 500;
/**
 * While changes keep coming, the board is saved at most this often: a save writes the whole board (a 2,000-car
 * one costs a slow handheld 25–90 ms of its main thread), and twice a second was a long frame in every few while
 * scrolling. What is lost by a crash in between is only what the hub confirmed, which it sends again; taps are
 * in the outbox the moment they are made.
 */
export const SAVE_EVERY_MS = 5_000;
/**
 * A save that falls due while the person scrolls waits until the list has been still this long (a save is a
 * long frame on a slow handheld, where a scroll shows it), but never more than SAVE_HOLD_MAX_MS in all.
 */
export const SAVE_QUIET_MS = 400;
export const SAVE_HOLD_MAX_MS = 15_000;

export interface Saving {
  /** Saves now whatever is waiting (the page is being hidden or closed). */
  flush(): void;
  stop(): void;
}

/** Whatever the hub confirms is saved on the device, so the next start can open with no network at all. */
export function keepSaved(store: FacilityStoreApi, outbox: Promise<WaitingTaps | null>, device: Device): Saving {
  let timer: Cancel | null = null;
  let last = store.getState().confirmed;
  let savedAt = -Infinity;
  let dueAt: number | null = null;
  const due = () => {
    timer = null;
    const now = device.now();
    dueAt ??= now;
    const still = now - device.scrolledAt();
    if (still < SAVE_QUIET_MS && now - dueAt < SAVE_HOLD_MAX_MS) {
      timer = device.setTimeout(due, SAVE_QUIET_MS - still);
      return;
    }
    save();
  };
  const save = () => {
    timer?.();
    timer = null;
    dueAt = null;
    savedAt = device.now();
    const state = store.getState().confirmed;
    if (state) void outbox.then((o) => o?.saveState(snapshotOfState(state)));
  };
  const unsubscribe = store.subscribe((s) => {
    if (s.confirmed === last) return;
    // A stale board is the one read from this device (or the last one the hub sent, already saved or waiting
    // to be): a catch-up that brings nothing new must not write 2,000 cars again as the handheld starts.
    last = s.confirmed;
    if (s.staleSince !== null) return;
    timer ??= device.setTimeout(due, Math.max(SAVE_DELAY_MS, savedAt + SAVE_EVERY_MS - device.now()));
  });
  return {
    flush: () => {
      if (timer) save();
    },
    stop: () => {
      unsubscribe();
      timer?.();
    },
  };
}
