import { CloseCode, ErrorCode, unreachable, type Mutation } from "../../shared";
import type { ApplyResult } from "../hub/facility-hub";
import type { Who } from "../http/facility-routes";
import type { Admission } from "./admission";
import { decodeFrame, errorJson, rateLimitedJson } from "./frames";
import type { ConnState, Frame, RoomSocket } from "./socket";
import type { Via } from "./usage";

/** What a socket's life needs from the room. */
export interface SocketSide {
  now(): number;
  /** The session's rate limit: null to go on, or how long to wait (the refusal is counted). */
  take(sid: string): number | null;
  mutate(mutation: Mutation, who: Who, via: Via): ApplyResult;
  /** The catch-up for a client at `since` (null: none yet), as JSON text. */
  catchUp(since: number | null): string;
  joined(state: ConnState): void;
  /** The presence a newly joined socket is sent once (by its id, so the next delta need not repeat it). */
  welcome(id: string): string;
}

/** An admitted upgrade becomes a member: its catch-up, then presence. A refused one is told why and closed. */
export function connectSocket(side: SocketSide, socket: RoomSocket, admission: Admission): void {
  if (!admission.ok) {
    socket.send(errorJson(admission.code, admission.message));
    socket.close(admission.close, admission.reason);
    return;
  }
  const { name, role, sid, exp, gen } = admission.claims;
  const state = { name, role, sid, exp, gen, at: side.now() };
  socket.setState(state);
  side.joined(state);
  socket.send(side.catchUp(admission.since));
  socket.send(side.welcome(socket.id));
}

/** One frame from a member: its session still good, within its rate, readable, then acted on. */
export function socketFrame(side: SocketSide, socket: RoomSocket, frame: Frame): void {
  const who = socket.state;
  if (!who || who.exp <= side.now()) {
    socket.send(errorJson(ErrorCode.Unauthorized, "session expired; sign in again"));
    socket.close(CloseCode.Unauthorized, ErrorCode.Unauthorized);
    return;
  }
  const wait = side.take(who.sid);
  if (wait !== null) return socket.send(rateLimitedJson(frame, wait));
  const decoded = decodeFrame(frame);
  if (!decoded.ok) return socket.send(decoded.reply);
  const msg = decoded.msg;
  switch (msg.type) {
    case "mutate": {
      try {
        socket.send(JSON.stringify(side.mutate(msg.mutation, who, "socket").outcome));
      } catch (err) {
        // Not recorded as an outcome: the client keeps the mutation and may send it again.
        console.error("mutation failed", msg.mutation.type, err);
        const id = msg.mutation.mutationId;
        socket.send(errorJson(ErrorCode.Internal, `mutation ${id} failed inside the hub and was not applied`));
      }
      return;
    }
    case "sync":
      return socket.send(side.catchUp(msg.since));
    default:
      return unreachable(msg, "client message");
  }
}
