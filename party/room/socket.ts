import { NO_PRESENCE, PRESENCE_NAMED, type Presence, type PresenceMessage, type Role } from "../../shared";

/** Kept on the socket's attachment, so it survives hibernation. */
export interface ConnState {
  name: string;
  role: Role;
  sid: string;
  exp: number;
  gen: number;
  /** When it joined (the room's clock): who is named in presence is the longest connected, whatever order the host lists sockets in. */
  at: number;
}

/** The WebSocket readyState of an open socket (Node 20 has no global WebSocket to read it from). */
export const OPEN = 1;

/**
 * All the room needs of a socket. partyserver's Connection is one (its state lives in the hibernation
 * attachment); tests pass plain objects that record what was sent.
 */
export interface RoomSocket {
  readonly id: string;
  readonly state: ConnState | null;
  readonly readyState: number;
  setState(state: ConnState): unknown;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A socket as far as sending it the same frame as everyone else goes: no id, no state. */
export type Outlet = Pick<RoomSocket, "readyState" | "send" | "close">;

/** A frame as a host receives it: text, or bytes the room refuses. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/**
 * Who is connected: every open socket counted by role (a person on two screens counts twice), the PRESENCE_NAMED
 * longest connected named. Joining order, not the host's listing order (workerd lists the newest first): the named
 * few stay named until they leave, so a join names nobody new once they are there.
 */
export function presenceNow(sockets: Iterable<RoomSocket>): Presence {
  const counts: Presence["counts"] = { ...NO_PRESENCE.counts };
  const oldest: { at: number; user: Presence["users"][number] }[] = [];
  // Ties (joined in the same millisecond) go by id, never by the host's order, which changes as sockets join.
  const older = (a: { at: number; user: { id: string } }, b: typeof a) =>
    a.at - b.at || (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0);
  for (const s of sockets) {
    const state = s.state;
    if (!state || s.readyState !== OPEN) continue;
    counts[state.role] += 1;
    const entry = { at: state.at ?? 0, user: { id: s.id, name: state.name, role: state.role } };
    if (oldest.length === PRESENCE_NAMED && older(entry, oldest[PRESENCE_NAMED - 1]!) > 0) continue;
    oldest.push(entry);
    oldest.sort(older);
    if (oldest.length > PRESENCE_NAMED) oldest.pop();
  }
  return { counts, users: oldest.map((e) => e.user) };
}

export function presenceJson(p: Presence): string {
  const msg: PresenceMessage = { type: "presence", ...p };
  return JSON.stringify(msg);
}

/**
 * Sends each socket the frame `pick` chooses for it (presence: the counts only, or who came and went); one that
 * fails to take it is closed (1011), never allowed to stop the rest.
 */
export function sendAll(sockets: Iterable<RoomSocket>, pick: (s: RoomSocket) => string): void {
  for (const s of sockets) {
    try {
      s.send(pick(s));
    } catch {
      s.close(1011, "send failed");
    }
  }
}

/** The same frame to every open socket; as sendAll, one that fails to take it is closed. */
export function sendEach(outlets: Iterable<Outlet>, frame: string): void {
  for (const s of outlets) {
    if (s.readyState !== OPEN) continue;
    try {
      s.send(frame);
    } catch {
      s.close(1011, "send failed");
    }
  }
}
