// npm run bench (the hub's part): how stale the HTTP fallback is, plain 5 s polls against long polls, while one
// writer changes a car 20 times a second over a socket. Bounded in count and time; loopback only.
import { randomUUID } from "node:crypto";
import type WebSocket from "ws";
import { DEMO_CAR_IDS } from "../shared";
import { summarize } from "./stats";

/** The hub as the polling measures reach it. */
export interface PolledHub {
  base: string;
  headers: Record<string, string>;
  /** Changes a second the writer sends. */
  rate: number;
  /** A socket on the hub, its snapshot in hand, for the writer. */
  writer(): Promise<WebSocket>;
}

/** The writer both polling measures share: a change every 1/rate s over a socket, with when each was sent. */
async function writing(hub: PolledHub, label: string) {
  const sentAt = new Map<string, number>();
  const writer = await hub.writer();
  const since = (
    (await (await fetch(`${hub.base}/api/facilities/demo/state`, { headers: hub.headers })).json()) as { seq: number }
  ).seq;
  let i = 0;
  const timer = setInterval(() => {
    const mutationId = randomUUID();
    sentAt.set(mutationId, performance.now());
    writer.send(
      JSON.stringify({
        type: "mutate",
        mutation: { type: "car.update", mutationId, carId: DEMO_CAR_IDS[i % 43], patch: { notes: `${label} ${i++}` } },
      }),
    );
  }, 1000 / hub.rate);
  return {
    since,
    /** How old each of these changes is now, for the ones this writer sent. */
    ages: (diffs: { mutationId: string }[], now: number) =>
      diffs.flatMap((d) => (sentAt.has(d.mutationId) ? [now - sentAt.get(d.mutationId)!] : [])),
    stop: () => (clearInterval(timer), writer.close()),
  };
}

/** A poller every 5 s while the writer runs at 20/s: how old each change is when the poller first sees it. */
export async function pollingStaleness(hub: PolledHub) {
  const stale: number[] = [];
  const w = await writing(hub, "poll");
  let since = w.since;
  const poll = async () => {
    const body = (await (
      await fetch(`${hub.base}/api/facilities/demo/changes?since=${since}`, { headers: hub.headers })
    ).json()) as {
      seq: number;
      diffs?: { mutationId: string }[];
    };
    since = body.seq;
    return body.diffs ?? [];
  };
  await new Promise((r) => setTimeout(r, 1_700)); // the poller's phase is not aligned with the writer's
  await poll(); // a client that was already polling: from here on, every change waits at most one interval
  for (let n = 0; n < 3; n++) {
    await new Promise((r) => setTimeout(r, 5_000));
    const diffs = await poll();
    stale.push(...w.ages(diffs, performance.now()));
  }
  w.stop();
  return summarize(stale);
}

/**
 * The fallback as clients now use it: a long poll (held by the hub until the next change) asked again as soon as
 * it is answered, while the writer runs at 20/s for 10 s: how old each change is when the poller sees it.
 */
export async function longPollStaleness(hub: PolledHub) {
  const stale: number[] = [];
  const w = await writing(hub, "long");
  let since = w.since;
  let polling = true;
  let polls = 0;
  const poller = (async () => {
    while (polling) {
      const res = await fetch(`${hub.base}/api/facilities/demo/changes?since=${since}&wait=25`, {
        headers: hub.headers,
      });
      const body = (await res.json()) as { seq: number; diffs?: { mutationId: string }[] };
      stale.push(...w.ages(body.diffs ?? [], performance.now()));
      polls++;
      since = body.seq;
    }
  })();
  await new Promise((r) => setTimeout(r, 10_000));
  polling = false;
  await poller; // answered by the writer's next change
  w.stop();
  return { ...summarize(stale), polls };
}
