import { create } from "zustand";
import {
  applyDiff,
  stateFromSnapshot,
  type Car,
  type ChangesMessage,
  type DiffMessage,
  type ErrorCode,
  type FacilityState,
  type Mutation,
  NO_PRESENCE,
  type Presence,
  type RefusalWords,
  type RejectMessage,
  type SnapshotMessage,
} from "../../../shared";

export type ConnectionMode = "connecting" | "live" | "polling" | "offline";

export interface Rejection {
  mutation: Mutation;
  code: ErrorCode;
  message: string;
  /** The refusal as an English template and its values, for the screen's language (absent from older hubs). */
  words?: RefusalWords | undefined;
  /** The car as the hub has it: the value that won. */
  car: Car | undefined;
  /** A refused door sweep: each door that was refused, and why. */
  doors?: RejectMessage["doors"];
  at: number;
}

export interface FacilityStore {
  confirmed: FacilityState | null;
  /** Mutations sent (or waiting to be sent) and not yet acknowledged, in tap order. */
  pending: Mutation[];
  rejections: Rejection[];
  mode: ConnectionMode;
  presence: Presence;
  /** When the last server state arrived (ms since epoch). */
  lastUpdate: number | null;
  /** Car ids changed by others, with when, for the wall's highlight. */
  changedAt: Record<string, number>;
  fatal: string | null;
  /** Set when the hub no longer accepts this screen's session (expired, signed out, code changed): why. */
  authLost: string | null;
  /** Set while the screen shows state saved on this device rather than fresh from the hub (when it was saved). */
  staleSince: number | null;
  /** Taps other people made on this device that wait for them to sign in here again. */
  othersWaiting: { name: string; count: number }[];

  snapshot(msg: SnapshotMessage): void;
  changes(msg: ChangesMessage): void;
  diff(msg: DiffMessage): void;
  ack(mutationId: string): void;
  reject(msg: RejectMessage): void;
  presenceChanged(presence: Presence): void;
  setMode(mode: ConnectionMode): void;
  enqueue(mutation: Mutation): void;
  dismissRejection(mutationId: string): void;
  setFatal(message: string): void;
  setAuthLost(message: string): void;
  setOthersWaiting(waiting: { name: string; count: number }[]): void;
  /** What this device had before it closed: the last state it saw and the taps still waiting. */
  restore(saved: { snapshot: SnapshotMessage; savedAt: number } | null, pending: Mutation[]): void;
}

function markChanged(prev: Record<string, number>, ids: readonly string[], now: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const [id, at] of Object.entries(prev)) if (now - at < 10_000) next[id] = at;
  for (const id of ids) next[id] = now;
  return next;
}

export const createFacilityStore = () =>
  create<FacilityStore>()((set) => ({
    confirmed: null,
    pending: [],
    rejections: [],
    mode: "connecting",
    presence: NO_PRESENCE,
    lastUpdate: null,
    changedAt: {},
    fatal: null,
    authLost: null,
    staleSince: null,
    othersWaiting: [],

    snapshot: (msg) => set({ confirmed: stateFromSnapshot(msg), lastUpdate: Date.now(), staleSince: null }),

    changes: (msg) =>
      set((s) => {
        if (!s.confirmed) return {};
        let state = s.confirmed;
        for (const d of msg.diffs) state = applyDiff(state, d);
        const ids = msg.diffs.flatMap((d) => d.cars.map((c) => c.id));
        const applied = new Set(msg.diffs.map((d) => d.mutationId));
        return {
          confirmed: state,
          lastUpdate: Date.now(),
          staleSince: null,
          changedAt: markChanged(s.changedAt, ids, Date.now()),
          // Another tab may have replayed our taps: a change the hub applied is no longer pending, ack or not.
          pending: s.pending.filter((m) => !applied.has(m.mutationId)),
        };
      }),

    diff: (msg) =>
      set((s) => {
        if (!s.confirmed) return {};
        const ids = [...msg.cars.map((c) => c.id), ...msg.removed];
        return {
          confirmed: applyDiff(s.confirmed, msg),
          lastUpdate: Date.now(),
          pending: s.pending.filter((m) => m.mutationId !== msg.mutationId),
          changedAt: markChanged(s.changedAt, ids, Date.now()),
        };
      }),

    ack: (mutationId) => set((s) => ({ pending: s.pending.filter((m) => m.mutationId !== mutationId) })),

    reject: ({ mutationId, code, message, words, car, doors }) =>
      set((s) => {
        const mutation = s.pending.find((m) => m.mutationId === mutationId);
        if (!mutation) return {};
        return {
          pending: s.pending.filter((m) => m.mutationId !== mutationId),
          rejections: [
            ...s.rejections.filter((r) => r.mutation.mutationId !== mutationId),
            { mutation, code, message, words, car, at: Date.now(), ...(doors ? { doors } : {}) },
          ],
        };
      }),

    presenceChanged: (presence) => set({ presence }),
    setMode: (mode) => set({ mode }),
    enqueue: (mutation) => set((s) => ({ pending: [...s.pending, mutation] })),
    dismissRejection: (mutationId) =>
      set((s) => ({ rejections: s.rejections.filter((r) => r.mutation.mutationId !== mutationId) })),
    setFatal: (message) => set({ fatal: message }),
    setAuthLost: (message) => set((s) => (s.authLost ? {} : { authLost: message })),
    setOthersWaiting: (othersWaiting) => set({ othersWaiting }),
    restore: (saved, pending) =>
      set((s) => {
        const known = new Set(s.pending.map((m) => m.mutationId));
        return {
          pending: [...pending.filter((m) => !known.has(m.mutationId)), ...s.pending],
          ...(saved && !s.confirmed
            ? { confirmed: stateFromSnapshot(saved.snapshot), staleSince: saved.savedAt, lastUpdate: saved.savedAt }
            : {}),
        };
      }),
  }));

export type FacilityStoreApi = ReturnType<typeof createFacilityStore>;
