import type { PresenceMessage, Role } from "../../shared";

/** Kept on the socket's attachment, so it survives hibernation. */
export interface ConnState {
  name: string;
  role: Role;
  sid: string;
  exp: number;
  gen: number;
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

/** A frame as a host receives it: text, or bytes the room refuses. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/** Who is connected: one entry per open socket (a person on two screens is there twice). */
export function presentUsers(sockets: Iterable<RoomSocket>): PresenceMessage["users"] {
  const users: PresenceMessage["users"] = [];
  for (const s of sockets) {
    if (!s.state || s.readyState !== OPEN) continue;
    users.push({ id: s.id, name: s.state.name, role: s.state.role });
  }
  return users;
}

export function presenceJson(users: PresenceMessage["users"]): string {
  const msg: PresenceMessage = { type: "presence", users };
  return JSON.stringify(msg);
}

/** Sends to every socket; one that fails to take a frame is closed (1011), never allowed to stop the rest. */
export function sendAll(sockets: Iterable<RoomSocket>, data: string): void {
  for (const s of sockets) {
    try {
      s.send(data);
    } catch {
      s.close(1011, "send failed");
    }
  }
}
