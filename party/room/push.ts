import { alertWords, fill, type Alert, type Lang, type PushPayload } from "../../shared";
// Not through shared/index.ts: the handheld's first JavaScript would carry the Spanish words (see the file).
import { alertTextIn } from "../../shared/domain/alert-words-es";
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
  /** The words a push is written in: the device's language when it last subscribed. */
  lang: Lang;
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
/** A push being sent is leased this long (longer than the sender's timeout); a host that dies mid-send retries it. */
const LEASE_MS = 30_000;

/**
 * Pushes each new alert to every subscribed device, from the scheduler, after the alert committed: a mutation
 * never waits on a push service, and neither does the alarm: a ring leases the due pushes and starts them, and
 * each answer is written when it comes (a push service that hangs holds up nothing but its own push).
 * 2xx: delivered. 404/410: the device unsubscribed, so it is dropped. 429 and 5xx (and no answer): tried
 * again with backoff, honouring Retry-After, up to six times. Any other answer will never succeed: dropped.
 */
export class PushJob implements Job {
  readonly name = "alert pushes";
  #store: PushStore;
  #sender: PushSender;
  #clock: Clock;
  #dueAt: number | null;
  #inFlight = new Set<Promise<void>>();
  /** Called when a send settles and the next due time may have moved (the room re-arms its alarm). */
  onSettled: () => void = () => undefined;

  constructor(store: PushStore, sender: PushSender, clock: Clock) {
    this.#store = store;
    this.#sender = sender;
    this.#clock = clock;
    this.#dueAt = store.nextPushAt();
  }

  /** Resolves once every push started so far has its answer written (for tests and a graceful stop). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Queues each alert for every device; `facility` names the building in the title. */
  alertsRaised(alerts: readonly Alert[], facility: { id: string; name: string }): void {
    if (alerts.length === 0) return;
    const now = this.#clock.now();
    for (const device of this.#store.listSubscriptions()) {
      for (const a of alerts) this.#store.enqueuePush(device.endpoint, payloadOf(a, facility, device), now);
    }
    this.#dueAt = this.#store.nextPushAt();
  }

  due(): number | null {
    return this.#dueAt;
  }

  run(now: number): void {
    const rows = this.#store.duePushes(now, BATCH);
    const devices = new Map(this.#store.listSubscriptions().map((s) => [s.endpoint, s]));
    for (const row of rows) {
      const device = devices.get(row.endpoint);
      if (!device) {
        this.#store.deletePush(row.id);
        continue;
      }
      this.#store.retryPush(row.id, row.attempts, now + LEASE_MS);
      const sent: Promise<void> = this.#sender
        .send(device, row.payload)
        .then(({ status, retryAfterMs }) => this.#answered(row, status, retryAfterMs))
        .catch((err: unknown) => console.warn("push failed", String(err)))
        .finally(() => {
          this.#inFlight.delete(sent);
          this.#dueAt = this.#store.nextPushAt();
          this.onSettled();
        });
      this.#inFlight.add(sent);
    }
    this.#dueAt = this.#store.nextPushAt();
  }

  #answered(row: PushOutboxRow, status: number, retryAfterMs: number | null): void {
    const now = this.#clock.now();
    if (status >= 200 && status < 300) {
      this.#store.deletePush(row.id);
      this.#store.markDelivered(row.endpoint, new Date(now).toISOString());
    } else if (status === 404 || status === 410) {
      this.#store.deleteSubscription(row.endpoint);
    } else if ((status === 0 || status === 429 || status >= 500) && row.attempts + 1 < ATTEMPTS_MAX) {
      const backoff = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** row.attempts);
      this.#store.retryPush(row.id, row.attempts + 1, now + Math.max(backoff, retryAfterMs ?? 0));
    } else {
      console.warn(`push to ${new URL(row.endpoint).host} dropped: status ${status}`);
      this.#store.deletePush(row.id);
    }
  }
}

function clockIn(timeZone: string, lang: Lang): (iso: string) => string {
  // Both read a 24-hour clock (22:30), as the screens do in Spanish; "en-GB" keeps English pushes the same.
  const locale = lang === "es" ? "es" : "en-GB";
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  }
  return (iso) => fmt.format(new Date(iso));
}

/** The alert in words for one device (its clock, its language), and where a tap on it leads. */
export function payloadOf(
  a: Alert,
  facility: { id: string; name: string },
  device: Pick<PushSubscriptionRecord, "timeZone" | "lang">,
): PushPayload {
  const { text, params } = alertWords(a, clockIn(device.timeZone, device.lang));
  const base = `/f/${facility.id}`;
  const url = a.car
    ? `${base}?car=${encodeURIComponent(a.car)}`
    : a.door
      ? `${base}/doors?door=${encodeURIComponent(a.door)}`
      : base;
  return { title: facility.name, body: fill(alertTextIn(device.lang, text), params), url, tag: a.key };
}
