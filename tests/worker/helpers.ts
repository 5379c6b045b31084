import { env, SELF } from "cloudflare:test";
import { HubKeys } from "../../scripts/hub-http";
import { PROTOCOL_VERSION, ServerMessageSchema, type Mutation, type Role, type ServerMessage } from "../../shared";

export const BASE = "http://hub.test";
export const ADMIN_CODE = "test-admin-code";
export const uuid = (): string => crypto.randomUUID();

/** What no answer and no frame may carry: a stack line, a file path or a thrown error's name. */
export const LEAK =
  /\bat \S+ \(|file:\/\/|\.(?:ts|js|mjs):\d+|\b(?:Syntax|Type|Range|Reference|InvalidCharacter)Error\b/;

/** POST /api/session as a script would (Bearer token in the body), from `address` as Cloudflare's edge names it. */
export function signIn(facility: string, code: string, name: string, address = "192.0.2.1"): Promise<Response> {
  return SELF.fetch(`${BASE}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify({ facility, code, name, bearer: true }),
  });
}

const keys = new Map<string, HubKeys>();

/**
 * A facility's keys for the test file: its three codes, set at once through the
 * operator's code (rotating one later would end sessions a test holds), and
 * cached sessions per person, the same helper benches and browser tests use.
 */
function keysFor(facility: string): HubKeys {
  let k = keys.get(facility);
  if (!k) keys.set(facility, (k = new HubKeys(BASE, ADMIN_CODE, facility, (url, init) => SELF.fetch(url, init))));
  return k;
}

export const codesFor = (facility: string): Promise<Record<Role, string>> => keysFor(facility).codes();

/** A fresh operator session: no stored code to hash against, so the cheapest way in for bulk tests. */
export const operatorToken = (facility: string, name = "operator"): Promise<string> =>
  keysFor(facility).operatorToken(name);

/** A signed session token for a person in a role, cached for the test file. */
export const tokenFor = (facility = "demo", role: Role = "supervisor", name = `${role}-tester`): Promise<string> =>
  keysFor(facility).token(role, name);

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/** A real WebSocket to the hub through the Worker; every frame is checked against the wire schema. */
export class TestSocket {
  readonly received: ServerMessage[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | null = null;
  #unread: ServerMessage[] = [];
  #wake: (() => void) | null = null;
  #ws: WebSocket;
  /** The newest seq this socket has heard of. */
  #seq = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener("message", (e) => {
      const text = String(e.data);
      this.raw.push(text);
      if (text === "pong") return this.#wake?.();
      const msg = ServerMessageSchema.parse(JSON.parse(text));
      if ("seq" in msg && typeof msg.seq === "number") this.#seq = Math.max(this.#seq, msg.seq);
      this.received.push(msg);
      this.#unread.push(msg);
      this.#wake?.();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.#wake?.();
    });
  }

  /** Signed in as a supervisor named `name` unless told otherwise; `token: null` sends no session. */
  static async open(
    opts: {
      facility?: string;
      since?: number;
      name?: string;
      role?: Role;
      token?: string | null;
      protocol?: string | null;
      headers?: Record<string, string>;
      /** More query parameters, as a hostile client might add. */
      query?: Record<string, string>;
    } = {},
  ): Promise<TestSocket> {
    const facility = opts.facility ?? "demo";
    const q = new URLSearchParams();
    const protocol = opts.protocol === undefined ? String(PROTOCOL_VERSION) : opts.protocol;
    if (protocol !== null) q.set("protocol", protocol);
    if (opts.since !== undefined) q.set("since", String(opts.since));
    const token =
      opts.token === undefined ? await tokenFor(facility, opts.role ?? "supervisor", opts.name) : opts.token;
    if (token !== null) q.set("token", token);
    for (const [k, v] of Object.entries(opts.query ?? {})) q.set(k, v);
    const res = await SELF.fetch(`${BASE}/parties/facility/${facility}?${q}`, {
      headers: { Upgrade: "websocket", ...opts.headers },
    });
    if (!res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    return new TestSocket(res.webSocket);
  }

  send(msg: unknown): void {
    this.#ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  sendRaw(data: string | ArrayBuffer): void {
    this.#ws.send(data);
  }

  mutate(mutation: Mutation): void {
    this.send({ type: "mutate", mutation });
  }

  /** The first unread message of a type (and matching a test), waiting for it if need be. */
  async next<T extends ServerMessage["type"]>(
    type: T | readonly T[],
    match: (m: Of<T>) => boolean = () => true,
    ms = 3000,
  ): Promise<Of<T>> {
    const deadline = Date.now() + ms;
    const types: readonly string[] = typeof type === "string" ? [type] : type;
    for (;;) {
      const i = this.#unread.findIndex((m) => types.includes(m.type) && match(m as Of<T>));
      if (i >= 0) return this.#unread.splice(i, 1)[0] as Of<T>;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${type}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no ${type} within ${ms} ms; unread: ${this.#unread.map((m) => m.type).join(",")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => (clearTimeout(timer), resolve());
      });
      this.#wake = null;
    }
  }

  /**
   * What of `type` is unread once the hub has answered everything sent to it before now. A round trip, not a
   * sleep: the hub handles a socket's messages in order and sends a diff in the same turn as its change, so
   * anything it was going to send this socket is here before the answer to a `sync` sent now.
   */
  async quiet<T extends ServerMessage["type"]>(type: T): Promise<Of<T>[]> {
    const mark = this.received.length;
    this.send({ type: "sync", since: this.#seq });
    await this.next(["changes", "snapshot"], (m) => this.received.indexOf(m) >= mark);
    return this.#unread.filter((m): m is Of<T> => m.type === type);
  }

  /** Waits for the socket to close; woken by its close event, not by polling. */
  async waitClosed(ms = 3000): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== null, ms, "close");
    return this.closed!;
  }

  /** Waits until `done()` holds, checked each time a frame arrives or the socket closes. */
  async until(done: () => boolean, ms = 3000, what = "condition"): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => (clearTimeout(timer), resolve());
      });
      this.#wake = null;
    }
  }

  close(): void {
    try {
      this.#ws.close(1000, "done");
    } catch {
      // already closed
    }
  }
}

/**
 * A request through the Worker, signed in by default as a supervisor of the
 * facility the path names (the old API's is demo); `as: null` sends no session.
 */
export async function api(
  path: string,
  init: RequestInit & { json?: unknown; as?: string | null } = {},
): Promise<Response> {
  const { json, as, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  const facility = /^\/api\/facilities\/([a-z0-9-]+)\//.exec(path)?.[1] ?? "demo";
  const token = as === undefined ? await tokenFor(facility) : as;
  if (token !== null && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  return SELF.fetch(`${BASE}${path}`, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

export async function postMutation(
  mutation: unknown,
  facility = "demo",
  name?: string,
  role: Role = "supervisor",
): Promise<Response> {
  return api(`/api/facilities/${facility}/mutations`, {
    method: "POST",
    json: mutation,
    as: await tokenFor(facility, role, name),
  });
}

export async function createFacility(id: string, locations?: string[]): Promise<void> {
  const res = await api(`/api/facilities/${id}`, {
    method: "PUT",
    as: null,
    headers: { authorization: `Bearer ${ADMIN_CODE}` },
    json: { name: `Facility ${id}`, ...(locations ? { locations } : {}) },
  });
  if (res.status !== 201) throw new Error(`create ${id}: ${res.status} ${await res.text()}`);
}

export const update = (carId: string, patch: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({
    type: "car.update",
    mutationId: uuid(),
    carId,
    patch,
    ...extra,
  }) as Mutation;

/** The D1 shard holding a building's audit, as the directory says (the demo and older buildings: DB). */
export async function auditDbOf(fid: string): Promise<D1Database> {
  const row = await env.DB.prepare("SELECT shard FROM facilities WHERE id = ?").bind(fid).first<{ shard: string }>();
  return row?.shard === "AUDIT_1" ? env.AUDIT_1 : env.DB;
}
