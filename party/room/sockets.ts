import { CloseCode, ErrorCode, type PresenceDeltaMessage, type PresenceMessage } from "../../shared";
import type { Cancel, Clock } from "./clock";
import { errorJson } from "./frames";
import { presenceJson, presentUsers, sendAll, type ConnState, type RoomSocket } from "./socket";

/** Joins and leaves within this window share one presence broadcast (a reconnect storm is not N² messages). */
const PRESENCE_COALESCE_MS = 1000;

/** The room's open sockets: broadcast, presence, and closing those whose session no longer holds. */
export class RoomSockets {
  #all: () => Iterable<RoomSocket>;
  #clock: Clock;
  #presenceTimer: Cancel | null = null;
  /**
   * The presence every open socket holds, by connection id: the last broadcast, or the list a socket was given as
   * it joined. Null when the room cannot know it: woken from hibernation with sockets already open, whose lists
   * date from before; then the next broadcast is the whole list again. A hub started fresh (after a deploy or a
   * crash) has no open socket, and every socket that joins is given the list.
   */
  #heard: Map<string, PresenceMessage["users"][number]> | null;
  /** Ids given the whole list since the last broadcast: if they leave before it, the others must hear so. */
  #welcomed = new Set<string>();
  /**
   * The earliest session expiry among the open sockets, or null when unknown (a hub woken from hibernation
   * has not looked yet). Lets a commit skip reading every socket's attachment when nobody can have expired.
   */
  #soonestExpiry: number | null = null;

  constructor(all: () => Iterable<RoomSocket>, clock: Clock) {
    this.#all = all;
    this.#clock = clock;
    this.#heard = [...all()].length > 0 ? null : new Map();
  }

  broadcast(json: string): void {
    sendAll(this.#all(), json);
  }

  /** A socket that just joined: the whole list, once; the others hear of it in the next delta. */
  welcome(id: string): string {
    this.#welcomed.add(id);
    const json = presenceJson(presentUsers(this.#all()));
    this.presenceSoon();
    return json;
  }

  /**
   * Everyone hears who joined and who left, once per coalescing window: a delta, so a join costs each other
   * socket one entry, and a reconnect storm is not N lists of N.
   */
  presenceSoon(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = this.#clock.setTimeout(() => {
      this.#presenceTimer = null;
      const now = presentUsers(this.#all());
      const heard = this.#heard;
      const welcomed = this.#welcomed;
      this.#heard = new Map(now.map((u) => [u.id, u]));
      this.#welcomed = new Set();
      if (!heard) return this.broadcast(presenceJson(now));
      const joined = now.filter((u) => !heard.has(u.id));
      const left = [...new Set([...heard.keys(), ...welcomed])].filter((id) => !this.#heard!.has(id));
      if (joined.length === 0 && left.length === 0) return;
      const delta: PresenceDeltaMessage = { type: "presenceDelta", joined, left };
      // When most sockets came and went (a Wi-Fi drop), the list is shorter than the changes to it: send that.
      const deltaJson = JSON.stringify(delta);
      const listJson = presenceJson(now);
      this.broadcast(deltaJson.length <= listJson.length ? deltaJson : listJson);
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
