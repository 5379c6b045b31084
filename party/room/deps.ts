import type { AuditArchive } from "./archive";
import type { AccessStore } from "../auth/access-guard";
import type { HubStore, OutboxStore } from "../hub/store";
import type { Clock } from "./clock";
import type { RoomKv } from "./kv";
import type { PushDeps } from "./push-devices";
import type { AlarmPort } from "./scheduler";
import type { Outlet, RoomSocket } from "./socket";

/** What a host gives the room: storage, time, its alarm and its sockets. Nothing here is workerd's own. */
export interface RoomDeps {
  name: string;
  store: HubStore & OutboxStore;
  access: AccessStore;
  archive: AuditArchive;
  kv: RoomKv;
  alarm: AlarmPort;
  clock: Clock;
  /** The open sockets (partyserver's getConnections, or a test's list). */
  sockets(): Iterable<RoomSocket>;
  /**
   * Every socket as a bare sender, for a frame that goes the same to all; `sockets` when absent. partyserver's
   * getConnections reads each socket's stored attachment to check it is one of its own, on every broadcast:
   * about 4.5 ms a change at 500 sockets. Every socket on a facility is, so the adapter lists them unread.
   */
  outlets?: () => Iterable<Outlet>;
  /** Web Push to devices; absent where the host has no VAPID key. */
  push?: PushDeps | undefined;
  /** The bytes the facility's storage takes (the Durable Object's SQLite file), when the host can tell. */
  storageBytes?: () => number;
  /** A fine-grained clock for apply times (workerd stands it still during synchronous work; see architecture). */
  perf?: () => number;
  /** One structured line per change (the adapter's console.log; none in tests). */
  log?: ((line: string) => void) | undefined;
  config?: {
    adminCode?: string | undefined;
    demoFacility?: string | undefined;
    /** How many past nights the demo facility starts with (0: none). */
    demoHistory?: string | number | undefined;
    rateBurst?: string | number | undefined;
    ratePerSec?: string | number | undefined;
    flushDelayMs?: string | number | undefined;
    /** How long after a change the alert rules are checked again (a burst of taps is checked once). */
    alertDelayMs?: string | number | undefined;
  };
}
