import {
  PROTOCOL_VERSION,
  ServerMessageSchema,
  NO_PRESENCE,
  presenceAfter,
  type CarPatch,
  type ClientMessage,
  type Mutation,
  type Presence,
  type Role,
  type ServerMessage,
  type SessionClaims,
} from "../../shared";
import { SESSION_HEADER } from "../../party/auth/session-header";
import { MemoryArchive } from "../../party/room/archive";
import { ManualClock } from "../../party/room/clock";
import { FacilityRoom, type RoomDeps } from "../../party/room/facility-room";
import { MemoryKv } from "../../party/room/kv";
import { MemoryAlarm } from "../../party/room/scheduler";
import { OPEN, type ConnState, type RoomSocket } from "../../party/room/socket";
import { MemoryAccessStore } from "../../party/store/memory-access-store";
import { MemoryStore } from "../../party/store/memory-store";

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

let nextId = 0;

/** A socket as the room sees one, recording every frame (checked against the wire schema) and its close. */
export class PairSocket implements RoomSocket {
  readonly id = `s${++nextId}`;
  state: ConnState | null = null;
  readyState = OPEN;
  readonly received: ServerMessage[] = [];
  /** The frames as sent, for counting bytes. */
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  #readAt = new Map<string, number>();

  setState(state: ConnState): void {
    this.state = state;
  }

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error("send after close");
    this.sent.push(data);
    this.received.push(ServerMessageSchema.parse(JSON.parse(data)));
  }

  close(code = 1000, reason = ""): void {
    this.readyState = 3;
    this.closed = { code, reason };
  }

  /** Frames of one type received since the last `take` of that type. */
  take<T extends ServerMessage["type"]>(type: T): Of<T>[] {
    const fresh = this.received.slice(this.#readAt.get(type) ?? 0);
    this.#readAt.set(type, this.received.length);
    return fresh.filter((m): m is Of<T> => m.type === type);
  }

  /** The presence this socket holds: the lists it was given, with every delta since folded in, as a client does. */
  held(): Presence {
    return this.received.reduce<Presence>(
      (p, m) => (m.type === "presence" || m.type === "presenceDelta" ? presenceAfter(p, m) : p),
      NO_PRESENCE,
    );
  }

  /** Presence broadcasts (a list or a delta) received since the last call. */
  presenceNews(): number {
    return this.take("presence").length + this.take("presenceDelta").length;
  }

  last<T extends ServerMessage["type"]>(type: T): Of<T> | undefined {
    return this.received.filter((m): m is Of<T> => m.type === type).at(-1);
  }
}

/** A room in Node over the in-memory twins, on a clock that moves only when a test moves it. */
export function newRoom(
  opts: {
    name?: string;
    demo?: boolean;
    config?: RoomDeps["config"];
    push?: RoomDeps["push"];
    /** List sockets newest first, as workerd does. */
    newestFirst?: boolean;
  } = {},
) {
  const name = opts.name ?? "node";
  const clock = new ManualClock();
  const sockets: PairSocket[] = [];
  const alarm = new MemoryAlarm(clock);
  const archive = new MemoryArchive();
  const store = new MemoryStore();
  const kv = new MemoryKv();
  const access = new MemoryAccessStore();
  const deps: RoomDeps = {
    name,
    store,
    access,
    archive,
    kv,
    alarm,
    clock,
    sockets: () => {
      const open = sockets.filter((s) => s.readyState === OPEN);
      return opts.newestFirst ? open.reverse() : open;
    },
    push: opts.push,
    config: { adminCode: "operator-code", demoFacility: opts.demo === false ? undefined : name, ...opts.config },
  };
  const room = new FacilityRoom(deps);
  alarm.onRing = () => room.alarm();

  const claims = (role: Role, person: string, ttlMs = 12 * 3600_000): SessionClaims => ({
    v: 1,
    sid: `sid-${person}-${role}-${++nextId}`.padEnd(16, "x"),
    facility: name,
    role,
    name: person,
    gen: room.guard.genOf(role),
    exp: clock.now() + ttlMs,
  });

  const upgrade = (who: SessionClaims | null, query = `protocol=${PROTOCOL_VERSION}`) =>
    new Request(`https://hub/parties/facility/${name}?${query}`, {
      headers: who ? { [SESSION_HEADER]: JSON.stringify(who) } : {},
    });

  /** Opens a socket as the DO would: admission, then connect. */
  const join = (who: SessionClaims, since?: number): PairSocket => {
    const s = new PairSocket();
    const query = `protocol=${PROTOCOL_VERSION}${since !== undefined ? `&since=${since}` : ""}`;
    sockets.push(s);
    room.connect(s, room.admitUpgrade(upgrade(who, query)));
    return s;
  };

  const leave = (s: PairSocket) => {
    s.close(1000, "bye");
    room.disconnected();
  };

  const send = (s: PairSocket, msg: ClientMessage | string) =>
    room.message(s, typeof msg === "string" ? msg : JSON.stringify(msg));
  const mutate = (s: PairSocket, mutation: Mutation) => send(s, { type: "mutate", mutation });

  const http = (path: string, who: SessionClaims | null, init: { method?: string; body?: unknown } = {}) =>
    room.request(
      new Request(`https://hub/api/facilities/${name}${path}`, {
        method: init.method ?? "GET",
        headers: {
          ...(who ? { [SESSION_HEADER]: JSON.stringify(who) } : {}),
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      }),
    );

  return { room, clock, store, archive, kv, access, sockets, claims, upgrade, join, leave, send, mutate, http };
}

export const uuid = (): string => crypto.randomUUID();

export const update = (carId: string, patch: CarPatch): Mutation => ({
  type: "car.update",
  mutationId: uuid(),
  carId,
  patch,
});
