import type { Mutation, SnapshotMessage } from "../../../shared";

/** Cancels a timer set through a Timers port. */
export type Cancel = () => void;

/** The engine's view of the device: timers, connectivity, and one-tab-at-a-time. Browsers and tests differ here. */
export interface Device {
  setTimeout(fn: () => void, ms: number): Cancel;
  now(): number;
  online(): boolean;
  /** Runs `fn` while no other tab of this origin runs one under the same name (Web Locks where present). */
  exclusive(name: string, fn: () => Promise<void>): Promise<void>;
  /** When the person last scrolled (on now()'s clock), so work that can wait does not land mid-scroll. */
  scrolledAt(): number;
}

let scrolled = -Infinity;
if (typeof window !== "undefined") {
  // Capture: a scroll inside a panel counts too. Passive: listening must never hold the scroll itself up.
  window.addEventListener("scroll", () => (scrolled = Date.now()), { capture: true, passive: true });
}

export const browserDevice: Device = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  now: () => Date.now(),
  online: () => navigator.onLine,
  async exclusive(name, fn) {
    if ("locks" in navigator) await navigator.locks.request(name, fn);
    else await fn();
  },
  scrolledAt: () => scrolled,
};

/** Taps waiting for the hub and the last confirmed board, kept on the device (IndexedDB in the browser). */
export interface WaitingTaps {
  add(mutation: Mutation, by: string): Promise<void>;
  /** The hub has answered for these: they leave the outbox, in one transaction. */
  remove(mutationIds: readonly string[]): Promise<void>;
  list(by: string): Promise<Mutation[]>;
  othersWaiting(by: string): Promise<{ name: string; count: number }[]>;
  adopt(from: string, to: string): Promise<void>;
  saveState(snapshot: SnapshotMessage): Promise<void>;
  loadState(): Promise<{ snapshot: SnapshotMessage; savedAt: number } | null>;
}

/** The live channel to the hub: a WebSocket in the browser, a socket pair on the room in tests. */
export interface Link {
  readonly open: boolean;
  send(frame: string): void;
  /** Gives up on the channel: the hub will not take this screen (wrong protocol, signed out). */
  close(): void;
}

/** The HTTP path used while the link keeps failing. */
export interface Fallback {
  start(): void;
  stop(): void;
  send(mutation: Mutation): Promise<void>;
  dispose(): void;
}
