import { alertWords, fill, type Alert, type PushPayload } from "../../shared";
import type { Clock } from "./clock";
import type { Job } from "./scheduler";

/** A device that asked for alerts, as the hub keeps it. */
export interface PushSubscriptionRecord {
  endpoint: string;
  p256dh: string;
  auth: string;
  person: string;
  role: string;
  timeZone: string;
  createdAt: string;
  lastSuccessAt: string | null;
}

export interface PushOutboxRow {
  id: number;
  endpoint: string;
  payload: PushPayload;
  attempts: number;
  dueAt: number;
}

/** The devices and the pushes waiting for them, in the facility's storage (synchronous, as the hub's store). */
export interface PushStore {
  saveSubscription(s: PushSubscriptionRecord): void;
  /** Drops a device and every push waiting for it; true when it was there. */
  deleteSubscription(endpoint: string): boolean;
  listSubscriptions(): PushSubscriptionRecord[];
  countSubscriptions(): number;
  markDelivered(endpoint: string, at: string): void;
  enqueuePush(endpoint: string, payload: PushPayload, dueAt: number): void;
  /** Pushes due by `now`, oldest first. */
  duePushes(now: number, limit: number): PushOutboxRow[];
  nextPushAt(): number | null;
  retryPush(id: number, attempts: number, dueAt: number): void;
  deletePush(id: number): void;
}

/** Sends one push over the Web Push protocol; the status is the push service's (0: no answer). */
export interface PushSender {
  send(
    to: Pick<PushSubscriptionRecord, "endpoint" | "p256dh" | "auth">,
    payload: PushPayload,
  ): Promise<{ status: number; retryAfterMs: number | null }>;
}

const BATCH = 50;
const ATTEMPTS_MAX = 6;
const BACKOFF_MAX_MS = 10 * 60_000;

/**
 * Pushes each new alert to every subscribed device, from the scheduler, after the alert committed: a mutation
 * never waits on a push service. 2xx: delivered. 404/410: the device unsubscribed, so it is dropped. 429 and
 * 5xx (and no answer): tried again with backoff, honouring Retry-After, up to six times. Any other answer is
 * a push that will never succeed, so it is dropped.
 */
export class PushJob implements Job {
  readonly name = "alert pushes";
  #store: PushStore;
  #sender: PushSender;
  #clock: Clock;
  #dueAt: number | null;

  constructor(store: PushStore, sender: PushSender, clock: Clock) {
    this.#store = store;
    this.#sender = sender;
    this.#clock = clock;
    this.#dueAt = store.nextPushAt();
  }

  /** Queues each alert for every device; `facility` names the building in the title. */
  alertsRaised(alerts: readonly Alert[], facility: { id: string; name: string }): void {
    if (alerts.length === 0) return;
    const now = this.#clock.now();
    for (const device of this.#store.listSubscriptions()) {
      for (const a of alerts) this.#store.enqueuePush(device.endpoint, payloadOf(a, facility, device.timeZone), now);
    }
    this.#dueAt = this.#store.nextPushAt();
  }

  due(): number | null {
    return this.#dueAt;
  }

  async run(now: number): Promise<void> {
    const rows = this.#store.duePushes(now, BATCH);
    const devices = new Map(this.#store.listSubscriptions().map((s) => [s.endpoint, s]));
    await Promise.all(
      rows.map(async (row) => {
        const device = devices.get(row.endpoint);
        if (!device) return this.#store.deletePush(row.id);
        const { status, retryAfterMs } = await this.#sender.send(device, row.payload);
        if (status >= 200 && status < 300) {
          this.#store.deletePush(row.id);
          this.#store.markDelivered(row.endpoint, new Date(this.#clock.now()).toISOString());
        } else if (status === 404 || status === 410) {
          this.#store.deleteSubscription(row.endpoint);
        } else if ((status === 0 || status === 429 || status >= 500) && row.attempts + 1 < ATTEMPTS_MAX) {
          const backoff = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** row.attempts);
          this.#store.retryPush(row.id, row.attempts + 1, now + Math.max(backoff, retryAfterMs ?? 0));
        } else {
          console.warn(`push to ${new URL(row.endpoint).host} dropped: status ${status}`);
          this.#store.deletePush(row.id);
        }
      }),
    );
    this.#dueAt = this.#store.nextPushAt();
  }
}

function clockIn(timeZone: string): (iso: string) => string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  }
  return (iso) => fmt.format(new Date(iso));
}

/** The alert in words for one device, and where a tap on it leads. */
export function payloadOf(a: Alert, facility: { id: string; name: string }, timeZone: string): PushPayload {
  const { text, params } = alertWords(a, clockIn(timeZone));
  const base = `/f/${facility.id}`;
  const url = a.car
    ? `${base}?car=${encodeURIComponent(a.car)}`
    : a.door
      ? `${base}/doors?door=${encodeURIComponent(a.door)}`
      : base;
  return { title: facility.name, body: fill(text, params), url, tag: a.key };
}
