import { logLine, type Actor, type Effect, type Mutation } from "../../shared";
import { type UsageDay } from "../../shared/ops";
import type { Clock } from "./clock";
import type { RoomKv } from "./kv";

const HOUR_MINUTES = 60;
/** Upper bounds (ms) of the apply-time histogram's buckets; the last one takes everything slower. */
const APPLY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000, Infinity];
/** Names kept per day for "distinct people": a building's crew, with room to spare. */
const PEOPLE_MAX = 2000;
const DAY_PREFIX = "usage:";
const DIRTY_KEY = "usageDirty";

/** How a change came: a person's socket or HTTP call, or the hub's own alarms. */
export type Via = "socket" | "http" | "hub";

interface DayRecord {
  taps: number;
  scans: number;
  imports: number;
  alerts: number;
  byType: Record<string, number>;
  byRole: Record<string, number>;
  people: string[];
}

/**
 * What one building is used for. Two horizons: the last hour in memory for the operator's panel (mutations a
 * minute by type, rejects by code, apply time, socket against HTTP; a restart starts it again), and days in
 * storage, counted once as each change commits and written to D1 whole (an upsert of the day's totals, so a
 * retried write never doubles a count). Days are UTC dates.
 */
export class RoomUsage {
  #kv: RoomKv;
  #clock: Clock;
  #minutes = new Map<number, Record<string, number>>();
  #rejects: Record<string, number> = {};
  /** Sessions slowed down by their rate limit, with when it last happened. */
  #limited = new Map<string, number>();
  #histogram = APPLY_BUCKETS.map(() => 0);
  #applied = 0;
  #viaSocket = 0;
  #viaHttp = 0;

  constructor(kv: RoomKv, clock: Clock) {
    this.#kv = kv;
    this.#clock = clock;
  }

  /** A change committed (or was refused) after `ms` of work; `who` made it, over a socket or HTTP. */
  applied(m: Mutation, who: Actor, effect: Effect | null, code: string | null, ms: number, via: Via): void {
    const now = this.#clock.now();
    const minute = Math.floor(now / 60_000);
    const counts = this.#minutes.get(minute) ?? {};
    counts[m.type] = (counts[m.type] ?? 0) + 1;
    this.#minutes.set(minute, counts);
    for (const old of this.#minutes.keys()) if (old <= minute - HOUR_MINUTES) this.#minutes.delete(old);
    if (code) this.#rejects[code] = (this.#rejects[code] ?? 0) + 1;
    this.#histogram[APPLY_BUCKETS.findIndex((b) => ms <= b)]! += 1;
    this.#applied += 1;
    if (via === "socket") this.#viaSocket += 1;
    if (via === "http") this.#viaHttp += 1;
    if (effect) this.#countDay(now, m, who, effect);
  }

  rateLimited(sid: string): void {
    const now = this.#clock.now();
    this.#limited.set(sid, now);
    // Bounded: a month of sessions must not pile up in a hub that is never evicted.
    if (this.#limited.size > 1000) {
      for (const [s, at] of this.#limited) if (at <= now - HOUR_MINUTES * 60_000) this.#limited.delete(s);
    }
  }

  #countDay(now: number, m: Mutation, who: Actor, effect: Effect): void {
    const day = new Date(now).toISOString().slice(0, 10);
    const key = DAY_PREFIX + day;
    const rec = this.#kv.get<DayRecord>(key) ?? blankDay();
    const raised = effect.alerts.filter((a) => a.raisedAt === new Date(now).toISOString()).length;
    rec.alerts += raised;
    if (who.role !== "system") {
      rec.taps += 1;
      rec.byType[m.type] = (rec.byType[m.type] ?? 0) + 1;
      rec.byRole[who.role] = (rec.byRole[who.role] ?? 0) + 1;
      if (m.type === "car.update" && m.via === "scan") rec.scans += 1;
      if (m.type === "fleet.import") rec.imports += 1;
      if (!rec.people.includes(who.name) && rec.people.length < PEOPLE_MAX) rec.people.push(who.name);
    } else if (raised === 0) {
      return;
    }
    this.#kv.put(key, rec);
    const dirty = this.#kv.get<string[]>(DIRTY_KEY) ?? [];
    if (!dirty.includes(day)) this.#kv.put(DIRTY_KEY, [...dirty, day]);
  }

  /** Days changed since they were last written to D1, as the rows to upsert. */
  dirtyDays(facility: string): UsageDay[] {
    return (this.#kv.get<string[]>(DIRTY_KEY) ?? []).map((day) => {
      const { people, ...rec } = this.#kv.get<DayRecord>(DAY_PREFIX + day) ?? blankDay();
      return { facility, day, ...rec, people: people.length };
    });
  }

  /** Those days are in D1; a day changed again meanwhile stays dirty. */
  written(rows: UsageDay[]): void {
    const left = (this.#kv.get<string[]>(DIRTY_KEY) ?? []).filter((day) => {
      const now = this.#kv.get<DayRecord>(DAY_PREFIX + day);
      const sent = rows.find((r) => r.day === day);
      return !sent || !now || now.taps !== sent.taps || now.alerts !== sent.alerts;
    });
    if (left.length === 0) this.#kv.delete(DIRTY_KEY);
    else this.#kv.put(DIRTY_KEY, left);
  }

  /** The last hour, oldest minute first. */
  lastHour(): {
    perMinute: { minute: string; byType: Record<string, number> }[];
    rejects: Record<string, number>;
    rateLimited: number;
    applyMs: { p50: number; p99: number; count: number };
    viaSocket: number;
    viaHttp: number;
  } {
    const since = Math.floor(this.#clock.now() / 60_000) - HOUR_MINUTES;
    const perMinute = [...this.#minutes.entries()]
      .filter(([m]) => m > since)
      .sort(([a], [b]) => a - b)
      .map(([m, byType]) => ({ minute: new Date(m * 60_000).toISOString(), byType }));
    return {
      perMinute,
      rejects: { ...this.#rejects },
      rateLimited: [...this.#limited.values()].filter((at) => at > this.#clock.now() - HOUR_MINUTES * 60_000).length,
      applyMs: { p50: this.#quantile(0.5), p99: this.#quantile(0.99), count: this.#applied },
      viaSocket: this.#viaSocket,
      viaHttp: this.#viaHttp,
    };
  }

  /** The upper bound of the bucket holding the quantile (the last finite bound for the open bucket). */
  #quantile(q: number): number {
    if (this.#applied === 0) return 0;
    let seen = 0;
    for (let i = 0; i < APPLY_BUCKETS.length; i++) {
      seen += this.#histogram[i]!;
      if (seen >= q * this.#applied) return Math.min(APPLY_BUCKETS[i]!, APPLY_BUCKETS[APPLY_BUCKETS.length - 2]!);
    }
    return 0;
  }
}

const blankDay = (): DayRecord => ({ taps: 0, scans: 0, imports: 0, alerts: 0, byType: {}, byRole: {}, people: [] });

/** The change's one structured log line (Workers Logs): who, what, how it ended and how long the hub took. */
export function mutationLine(
  facility: string,
  m: Mutation,
  who: Actor,
  code: string | null,
  ms: number,
  via: Via,
  seq: number,
): string {
  return logLine({
    kind: "mutation",
    facility,
    id: m.mutationId,
    route: m.type,
    outcome: code ?? "ok",
    durationMs: Math.round(ms * 1000) / 1000,
    via,
    role: who.role,
    seq,
  });
}
