import { CloseCode, ErrorCode, NO_PRESENCE, ROLES, type Presence, type PresenceDeltaMessage } from "../../shared";
import type { Cancel, Clock } from "./clock";
import { errorJson } from "./frames";
import { presenceJson, presenceNow, sendAll, sendEach, type ConnState, type Outlet, type RoomSocket } from "./socket";

/** Joins and leaves within this window share one presence broadcast (a reconnect storm is not N² messages). */
const PRESENCE_COALESCE_MS = 1000;

/** The room's open sockets: broadcast, presence, and closing those whose session no longer holds. */
export class RoomSockets {
  #all: () => Iterable<RoomSocket>;
  #outlets: () => Iterable<Outlet>;
  #clock: Clock;
  #presenceTimer: Cancel | null = null;
  /**
   * The presence every open socket holds: the last broadcast, or what a socket was given as it joined. Null when
   * the room cannot know it: woken from hibernation with sockets already open, whose lists date from before; then
   * the next broadcast is the whole list again. A hub started fresh (after a deploy or a crash) has no open socket,
   * and every socket that joins is given the list.
   */
  #heard: Presence | null;
  /**
   * The sockets that joined since the last broadcast, each with the ids of the named few it was given: one named
   * then and gone by the broadcast must be dropped from their lists, and one given the few as they still stand
   * needs only the counts.
   */
  #welcomed = new Map<string, readonly string[]>();
  /**
   * The earliest session expiry among the open sockets, or null when unknown (a hub woken from hibernation
   * has not looked yet). Lets a commit skip reading every socket's attachment when nobody can have expired.
   */
  #soonestExpiry: number | null = null;

  constructor(all: () => Iterable<RoomSocket>, clock: Clock, outlets: () => Iterable<Outlet> = all) {
    this.#all = all;
    this.#outlets = outlets;
    this.#clock = clock;
    this.#heard = [...all()].length > 0 ? null : NO_PRESENCE;
  }

  broadcast(json: string): void {
    sendEach(this.#outlets(), json);
  }

  /** A socket that just joined: the counts and the named few, once; the others hear of it in the next delta. */
  welcome(id: string): string {
    const now = presenceNow(this.#all());
    this.#welcomed.set(
      id,
      now.users.map((u) => u.id),
    );
    this.presenceSoon();
    return presenceJson(now);
  }

  /**
   * Everyone hears the counts and who joined or left the named few, once per coalescing window: a join costs each
   * other socket one small delta, and a reconnect storm is a few deltas, not N lists of N.
   */
  presenceSoon(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = this.#clock.setTimeout(() => {
      this.#presenceTimer = null;
      const now = presenceNow(this.#all());
      const heard = this.#heard;
      const welcomed = this.#welcomed;
      this.#heard = now;
      this.#welcomed = new Map();
      if (!heard) return this.broadcast(presenceJson(now));
      const named = new Set(now.users.map((u) => u.id));
      const before = new Set(heard.users.map((u) => u.id));
      const joined = now.users.filter((u) => !before.has(u.id));
      const left = [...new Set([...before, ...[...welcomed.values()].flat()])].filter((id) => !named.has(id));
      const same = ROLES.every((r) => now.counts[r] === heard.counts[r]);
      // A socket welcomed in this window may hold counts the others never heard: it hears the delta too.
      if (joined.length === 0 && left.length === 0 && same && welcomed.size === 0) return;
      const delta: PresenceDeltaMessage = { type: "presenceDelta", counts: now.counts, joined, left };
      const full = JSON.stringify(delta);
      // A socket that joined in this window and was given the named few as they are now hears only the counts:
      // after a restart every socket is new, and the whole named list again was half of each one's presence.
      const key = [...named].join(" ");
      const counts = JSON.stringify({ ...delta, joined: [], left: [] } satisfies PresenceDeltaMessage);
      sendAll(this.#all(), (s) => (welcomed.get(s.id)?.join(" ") === key ? counts : full));
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
