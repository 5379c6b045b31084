import { CloseCode, ErrorCode } from "../../shared";
import type { Cancel, Clock } from "./clock";
import { errorJson } from "./frames";
import { presenceJson, sendAll, type ConnState, type RoomSocket } from "./socket";

/** Joins and leaves within this window share one presence broadcast (a reconnect storm is not N² messages). */
const PRESENCE_COALESCE_MS = 1000;

/** The room's open sockets: broadcast, presence, and closing those whose session no longer holds. */
export class RoomSockets {
  #all: () => Iterable<RoomSocket>;
  #clock: Clock;
  #presenceTimer: Cancel | null = null;
  /**
   * The earliest session expiry among the open sockets, or null when unknown (a hub woken from hibernation
   * has not looked yet). Lets a commit skip reading every socket's attachment when nobody can have expired.
   */
  #soonestExpiry: number | null = null;

  constructor(all: () => Iterable<RoomSocket>, clock: Clock) {
    this.#all = all;
    this.#clock = clock;
  }

  broadcast(json: string): void {
    sendAll(this.#all(), json);
  }

  /** Who is here now, for a socket that just joined. */
  presence(): string {
    return presenceJson(this.#all());
  }

  /** Everyone hears who is here, once per coalescing window. */
  presenceSoon(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = this.#clock.setTimeout(() => {
      this.#presenceTimer = null;
      this.broadcast(this.presence());
    }, PRESENCE_COALESCE_MS);
  }

  joined(state: ConnState): void {
    if (this.#soonestExpiry !== null) this.#soonestExpiry = Math.min(this.#soonestExpiry, state.exp);
  }

  /** Closes the sockets whose session has expired by `now`; free when none can have. */
  closeExpired(now: number): void {
    if (this.#soonestExpiry !== null && now < this.#soonestExpiry) return;
    let soonest = Infinity;
    this.closeWhere((s) => {
      if (s.exp <= now) return true;
      soonest = Math.min(soonest, s.exp);
      return false;
    }, "session expired; sign in again");
    this.#soonestExpiry = soonest;
  }

  /** Sockets whose session no longer holds hear why, then close with 4401 so the client signs in again. */
  closeWhere(match: (s: ConnState) => boolean, why: string): void {
    let closed = false;
    for (const s of this.#all()) {
      // Read once: on a hibernatable socket each read deserializes its attachment.
      const state = s.state;
      if (!state || !match(state)) continue;
      s.send(errorJson(ErrorCode.Unauthorized, why));
      s.close(CloseCode.Unauthorized, ErrorCode.Unauthorized);
      closed = true;
    }
    if (closed) this.presenceSoon();
  }
}
