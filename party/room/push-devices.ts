import {
  ErrorCode,
  LIMITS,
  endpointRefusal,
  type Alert,
  type PushDevice,
  type PushSubscriptionInput,
} from "../../shared";
import type { Clock } from "./clock";
import { PushJob, type PushSender, type PushStore } from "./push";

/** What a host gives the room for Web Push. */
export interface PushDeps {
  store: PushStore;
  sender: PushSender;
  /** Development only: lets a push-service stand-in on http://127.0.0.1 subscribe. */
  allowLoopback?: boolean;
}

export type DeviceAnswer = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** The facility's devices that get alerts by push, and the job that sends to them. */
export class PushDevices {
  readonly job: PushJob;
  #d: PushDeps;
  #clock: Clock;

  constructor(deps: PushDeps, clock: Clock) {
    this.#d = deps;
    this.#clock = clock;
    this.job = new PushJob(deps.store, deps.sender, clock);
  }

  /** A device asks for alerts; the same endpoint again replaces the old entry (a new key, a new person). */
  subscribe(sub: PushSubscriptionInput, who: { name: string; role: string }): DeviceAnswer {
    const refused = endpointRefusal(sub.endpoint, this.#d.allowLoopback ?? false);
    if (refused) return { ok: false, code: ErrorCode.InvalidMessage, message: refused };
    const known = this.#d.store.listSubscriptions().some((s) => s.endpoint === sub.endpoint);
    if (!known && this.#d.store.countSubscriptions() >= LIMITS.pushDevicesMax) {
      return { ok: false, code: ErrorCode.Conflict, message: `at most ${LIMITS.pushDevicesMax} devices get alerts` };
    }
    this.#d.store.saveSubscription({
      endpoint: sub.endpoint,
      p256dh: sub.keys.p256dh,
      auth: sub.keys.auth,
      person: who.name,
      role: who.role,
      timeZone: sub.timeZone ?? "UTC",
      lang: sub.lang ?? "en",
      createdAt: new Date(this.#clock.now()).toISOString(),
      lastSuccessAt: null,
    });
    return { ok: true };
  }

  unsubscribe(endpoint: string): boolean {
    return this.#d.store.deleteSubscription(endpoint);
  }

  list(): PushDevice[] {
    return this.#d.store.listSubscriptions().map((s) => ({
      person: s.person,
      role: s.role,
      service: new URL(s.endpoint).host,
      createdAt: s.createdAt,
      lastSuccessAt: s.lastSuccessAt,
    }));
  }

  alertsRaised(alerts: readonly Alert[], facility: { id: string; name: string }): void {
    this.job.alertsRaised(alerts, facility);
  }
}
