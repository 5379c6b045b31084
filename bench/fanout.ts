// npm run bench (the hub's part): one writer, N receivers, and how long each message takes to reach the last of
// them. Every loop is bounded in count and time; loopback only.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { DEMO_CAR_IDS, PROTOCOL_VERSION } from "../shared";
import { summarize, type Summary } from "./stats";

export type Target = "hub" | "floor" | "storeFloor";

const GRACE_MS = 2_500;

/** Where the bench's sockets go: the base (wrangler's port, or the runtime behind it) and one supervisor session. */
export interface Sockets {
  base: string;
  token: string;
  /** Each batch of receivers a fresh floor room, so no floor carries another batch's sockets. */
  room: number;
  /** The runtime's CPU so far (ms), when the bench can read it (runtime-url.ts). */
  cpuMs: (() => number) | null;
}

export function urlFor(at: Sockets, target: Target, name: string): string {
  const ws = at.base.replace("http", "ws");
  if (target === "hub") {
    return `${ws}/parties/facility/demo?protocol=${PROTOCOL_VERSION}&token=${at.token}&n=${name}`;
  }
  return `${ws}/parties/${target === "floor" ? "echo-floor" : "echo-store-floor"}/room-${at.room}`;
}

/** The id a receiver matches on: the diff's mutation for the hub, the echoed mutation for the floor. */
function idOf(text: string): string | null {
  const msg = JSON.parse(text) as { type: string; mutationId?: string; mutation?: { mutationId: string } };
  if (msg.type === "diff") return msg.mutationId ?? null;
  if (msg.type === "mutate") return msg.mutation?.mutationId ?? null;
  return null;
}

/** Open, and for the hub also its snapshot in hand: a 2,000-car snapshot takes a while to reach 500 sockets. */
export async function open(url: string, snapshot: boolean): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // Receivers offer permessage-deflate as browsers do, unless BENCH_DEFLATE=0.
    const ws = new WebSocket(url, { perMessageDeflate: process.env.BENCH_DEFLATE !== "0" });
    const timer = setTimeout(() => reject(new Error(`connect timeout ${url}`)), 30_000);
    const done = () => (clearTimeout(timer), resolve(ws));
    if (snapshot) {
      const first = (data: unknown) => {
        if (!String(data).startsWith('{"type":"snapshot"')) return;
        ws.off("message", first);
        done();
      };
      ws.on("message", first);
    } else {
      ws.once("open", done);
    }
    ws.once("error", (e) => (clearTimeout(timer), reject(e)));
  });
}

async function openMany(url: string, n: number, snapshot: boolean): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i += 25)
    out.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => open(url, snapshot)))));
  return out;
}

export interface Load {
  latency: Summary;
  sent: number;
  delivered: number;
  bytesPerMessage: number;
  /** The runtime's CPU per message sent, from the first send until the last receiver had them all: null unread. */
  cpuMsPerMessage: number | null;
}

/** One writer at `rate` per second for `ms`; latency is send -> receipt at the last of the receivers. */
export async function load(at: Sockets, target: Target, receivers: WebSocket[], rate: number, ms: number) {
  const sentAt = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  let bytes = 0;
  let counted = 0;
  const onMessage = (data: WebSocket.RawData) => {
    const text = data.toString();
    const id = idOf(text);
    if (!id || !sentAt.has(id)) return;
    const list = arrivals.get(id) ?? [];
    list.push(performance.now());
    arrivals.set(id, list);
    bytes += Buffer.byteLength(text);
    counted++;
  };
  for (const r of receivers) r.on("message", onMessage);
  const writer = await open(urlFor(at, target, "writer"), target === "hub");
  let i = 0;
  let credit = 0;
  const cpuBefore = at.cpuMs?.() ?? null;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= ms) return (clearInterval(tick), resolve());
      credit = (elapsed / 1000) * rate - i;
      for (; credit >= 1; credit--, i++) {
        const mutationId = randomUUID();
        const carId = DEMO_CAR_IDS[i % DEMO_CAR_IDS.length]!;
        const frame = JSON.stringify({
          type: "mutate",
          mutation: { type: "car.update", mutationId, carId, patch: { notes: `bench ${at.room}.${i}` } },
        });
        sentAt.set(mutationId, performance.now());
        writer.send(frame);
      }
    }, 5);
  });
  const deadline = performance.now() + GRACE_MS;
  while (
    performance.now() < deadline &&
    [...arrivals.values()].filter((a) => a.length >= receivers.length).length < sentAt.size
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const cpu = cpuBefore === null ? null : at.cpuMs!() - cpuBefore;
  for (const r of receivers) r.off("message", onMessage);
  writer.close();
  const lat: number[] = [];
  for (const [id, t0] of sentAt) {
    const got = arrivals.get(id);
    if (got && got.length >= receivers.length) lat.push(Math.max(...got) - t0);
  }
  const result: Load = {
    latency: summarize(lat),
    sent: sentAt.size,
    delivered: lat.length,
    bytesPerMessage: Math.round(bytes / (counted || 1)),
    cpuMsPerMessage: cpu === null ? null : Math.round((cpu / (sentAt.size || 1)) * 100) / 100,
  };
  return result;
}

export async function withReceivers<T>(
  at: Sockets,
  target: Target,
  n: number,
  fn: (rs: WebSocket[]) => Promise<T>,
): Promise<T> {
  at.room++;
  const rs = await openMany(urlFor(at, target, "reader"), n, target === "hub");
  // Measured in the steady state: the joins' presence goes out once a second (coalesced), so wait that out.
  await new Promise((r) => setTimeout(r, target === "hub" ? 1500 : 500));
  try {
    return await fn(rs);
  } finally {
    for (const r of rs) r.terminate();
  }
}

/**
 * The median of each figure over rounds: the targets take turns round by round, so a stall of this machine's
 * (another process, a collection in the bench's own Node) lands in one round of one target, not in its result.
 */
export function medianOf(rounds: Load[]): Load {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pick = (k: keyof Summary) => mid(rounds.map((r) => r.latency[k]));
  return {
    latency: {
      n: pick("n"),
      p50: pick("p50"),
      p95: pick("p95"),
      p99: pick("p99"),
      max: pick("max"),
      mean: pick("mean"),
    },
    sent: rounds.reduce((a, r) => a + r.sent, 0),
    delivered: rounds.reduce((a, r) => a + r.delivered, 0),
    bytesPerMessage: mid(rounds.map((r) => r.bytesPerMessage)),
    cpuMsPerMessage: rounds.some((r) => r.cpuMsPerMessage === null) ? null : mid(rounds.map((r) => r.cpuMsPerMessage!)),
  };
}
