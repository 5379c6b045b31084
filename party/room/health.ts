import { ROLES, countCars, type Role } from "../../shared";
import type { FacilityHealth } from "../../shared/ops";
import type { HubStore, OutboxStore } from "../hub/store";
import type { Clock } from "./clock";
import type { RoomSocket } from "./socket";
import type { RoomUsage } from "./usage";

/** A client polling over HTTP counts as connected for this long after its last poll. */
const POLLER_WINDOW_MS = 60_000;
/** Pollers remembered at most; past it the count says "at least". */
const POLLERS_MAX = 5000;

/** Sessions that read the board over HTTP lately: the handhelds whose socket keeps failing. */
export class Pollers {
  #seen = new Map<string, number>();
  #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  seen(sid: string): void {
    const now = this.#clock.now();
    this.#seen.delete(sid);
    this.#seen.set(sid, now);
    if (this.#seen.size > POLLERS_MAX) this.#prune(now);
  }

  count(): number {
    this.#prune(this.#clock.now());
    return this.#seen.size;
  }

  #prune(now: number): void {
    // Oldest first (re-inserted on every poll), so the loop stops at the first one still inside the window.
    for (const [sid, at] of this.#seen) {
      if (at > now - POLLER_WINDOW_MS && this.#seen.size <= POLLERS_MAX) break;
      this.#seen.delete(sid);
    }
  }
}

export interface HealthSources {
  store: HubStore & OutboxStore;
  clock: Clock;
  sockets: Iterable<RoomSocket>;
  pollers: Pollers;
  usage: RoomUsage;
  seq: number;
  lastChangeAt: number | null;
  lastFlushAt: number | null;
  flushFailures: number;
  nextAlarmAt: number | null;
  retainedAt: number | null;
  storageBytes: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One building's figures for the operator; read only when asked (every few seconds from /ops). */
export function healthOf(s: HealthSources): FacilityHealth {
  const sockets = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const socket of s.sockets) {
    const role = socket.state?.role;
    if (role) sockets[role] += 1;
  }
  // The totals every screen shows, from the one definition of them.
  const counted = countCars(s.store.listCars().map((r) => r.car));
  const cars = {
    total: counted.total,
    arrived: counted.arrived,
    pending: counted.notArrived,
    late: counted.late,
    empty: counted.empty,
  };
  const shift = s.store.openShift();
  const oldest = s.store.peekAudit(1)[0];
  const now = s.clock.now();
  return {
    sockets,
    pollingClients: s.pollers.count(),
    seq: s.seq,
    lastChangeAt: iso(s.lastChangeAt),
    openShift: shift ? { id: shift.id, startedAt: shift.startedAt, cutoffAt: shift.cutoffAt } : null,
    cars,
    outboxDepth: s.store.auditPendingCount(),
    oldestOutboxAgeMs: oldest ? Math.max(0, now - Date.parse(oldest.at)) : null,
    lastFlushAt: iso(s.lastFlushAt),
    flushFailures: s.flushFailures,
    nextAlarmAt: iso(s.nextAlarmAt),
    retainedAt: iso(s.retainedAt),
    storageBytes: s.storageBytes,
    usage: s.usage.lastHour(),
  };
}
