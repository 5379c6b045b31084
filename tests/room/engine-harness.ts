import { PROTOCOL_VERSION, type Mutation, type SessionClaims, type SnapshotMessage } from "../../shared";
import { SESSION_HEADER } from "../../party/auth/session-header";
import { HttpFallback } from "../../web/src/net/http-fallback";
import { LazyFallback } from "../../web/src/net/lazy-fallback";
import type { Device, Link, WaitingTaps } from "../../web/src/net/ports";
import { SyncEngine } from "../../web/src/net/sync-engine";
import { createFacilityStore } from "../../web/src/store/facility-store";
import { PairSocket, type newRoom } from "./harness";

type Room = ReturnType<typeof newRoom>;

/** The in-memory twin of the browser's IndexedDB outbox (web/src/net/outbox.ts): the same WaitingTaps port. */
export class MemoryTaps implements WaitingTaps {
  rows: { mutation: Mutation; by: string }[] = [];
  saved: { snapshot: SnapshotMessage; savedAt: number } | null = null;

  async add(mutation: Mutation, by: string) {
    if (!this.rows.some((r) => r.mutation.mutationId === mutation.mutationId)) this.rows.push({ mutation, by });
  }
  async remove(mutationIds: readonly string[]) {
    this.rows = this.rows.filter((r) => !mutationIds.includes(r.mutation.mutationId));
  }
  async list(by: string) {
    return this.rows.filter((r) => r.by === by).map((r) => r.mutation);
  }
  async othersWaiting(by: string) {
    const counts = new Map<string, number>();
    for (const r of this.rows) if (r.by !== by) counts.set(r.by, (counts.get(r.by) ?? 0) + 1);
    return [...counts].map(([name, count]) => ({ name, count }));
  }
  async adopt(from: string, to: string) {
    for (const r of this.rows) if (r.by === from) r.by = to;
  }
  async saveState(snapshot: SnapshotMessage) {
    this.saved = { snapshot, savedAt: Date.now() };
  }
  async loadState() {
    return this.saved;
  }
}

/** A socket pair on the room: what the room sends goes to the engine, what the engine sends goes to the room. */
class LinkSocket extends PairSocket {
  constructor(
    private readonly deliver: (frame: string) => void,
    private readonly closedBy: (code: number) => void,
  ) {
    super();
  }
  override send(data: string): void {
    super.send(data);
    this.deliver(data);
  }
  override close(code = 1000, reason = ""): void {
    const wasOpen = this.closed === null;
    super.close(code, reason);
    if (wasOpen) this.closedBy(code);
  }
}

/** The engine's live channel in tests: a socket pair on the room that can drop, lose frames, and come back. */
export class RoomLink implements Link {
  socket: LinkSocket | null = null;
  /** While set, frames from the hub are lost on the way (as on a flaky access point). */
  losing = false;
  #given = false;

  constructor(
    private readonly t: Room,
    private readonly claims: SessionClaims,
    private readonly engine: SyncEngine,
  ) {}

  get open(): boolean {
    return !this.#given && this.socket?.closed === null;
  }

  connect(): void {
    const s = new LinkSocket(
      (frame) => !this.losing && this.engine.received(frame),
      (code) => this.engine.closed(code),
    );
    this.socket = s;
    this.t.sockets.push(s);
    this.engine.opened();
    const since = this.engine.seq > 0 ? `&since=${this.engine.seq}` : "";
    this.t.room.connect(
      s,
      this.t.room.admitUpgrade(this.t.upgrade(this.claims, `protocol=${PROTOCOL_VERSION}${since}`)),
    );
  }

  /** The access point drops the socket (1006, no close frame). */
  drop(): void {
    this.socket?.close(1006, "");
    this.t.room.disconnected();
  }

  send(frame: string): void {
    if (this.socket) this.t.room.message(this.socket, frame);
  }

  close(): void {
    this.#given = true;
  }
}

/**
 * A client on the room: a real engine, a real store, the HTTP fallback reaching the room's HTTP API. With
 * `fallbackArrives`, the fallback is the browser's LazyFallback, and each load of its code waits on what that
 * returns (the chunk coming over the network, or not).
 */
export function newClient(
  t: Room,
  claims: SessionClaims,
  opts: { taps?: MemoryTaps; cutLongRequests?: boolean; fallbackArrives?: () => Promise<void> } = {},
) {
  const store = createFacilityStore();
  const taps = opts.taps ?? new MemoryTaps();
  let online = true;
  let reachable = true;
  let lock = Promise.resolve();
  const device: Device = {
    setTimeout: (fn, ms) => t.clock.setTimeout(fn, ms),
    now: () => t.clock.now(),
    online: () => online,
    exclusive(_name, fn) {
      const run = lock.then(fn);
      lock = run.catch(() => undefined);
      return run;
    },
    scrolledAt: () => -Infinity,
  };
  const polls = { asked: 0, answered: 0 };
  const fetchRoom = async (path: string, init: RequestInit = {}) => {
    if (path.includes("/changes?")) polls.asked++;
    if (!reachable) throw new TypeError("Failed to fetch");
    if (opts.cutLongRequests && path.includes("wait=")) throw new TypeError("network error: connection reset");
    const headers = new Headers(init.headers);
    headers.set(SESSION_HEADER, JSON.stringify(claims));
    const res = await t.room.request(new Request(`https://hub${path}`, { ...init, headers }));
    if (path.includes("/changes?")) polls.answered++;
    return res;
  };
  const engine = new SyncEngine({
    fid: t.room.name,
    by: claims.name,
    store,
    device,
    outbox: Promise.resolve(taps),
    fallback: (dispatch) => {
      const make = () => new HttpFallback({ fid: t.room.name, store, dispatch, device, fetch: fetchRoom });
      const arrives = opts.fallbackArrives;
      return arrives ? new LazyFallback(() => arrives().then(make)) : make();
    },
  });
  const link = new RoomLink(t, claims, engine);
  engine.attach(link);
  return {
    engine,
    store,
    taps,
    link,
    /** Polls of /changes asked and answered so far. */
    polls,
    state: () => store.getState(),
    setOnline: (v: boolean) => (online = v),
    /** Wi-Fi that is up but reaches nothing: the device says online, every request fails at once. */
    setReachable: (v: boolean) => (reachable = v),
  };
}
