import { z } from "./zod";
import type { Visit } from "./domain/doors";
import type { Car, Shift } from "./domain/schemas";
import { UnloadAnalyticsSchema, unloadAnalytics } from "./door-analytics";
import { DurationsSchema, durations, type Durations } from "./durations";

/** Minutes per point of the arrival curve. */
export const ARRIVAL_BUCKET_MIN = 15;

const Durations = DurationsSchema;

export const PersonTapsSchema = z.object({ name: z.string(), role: z.string(), taps: z.int() });
export type PersonTaps = z.infer<typeof PersonTapsSchema>;

/** Changes (one a mutation, however many fields it touched) by person, most first; the hub's own are not counted. */
export function tapsByPerson(rows: readonly { actor: string; actorRole: string; mutationId: string }[]): PersonTaps[] {
  const seen = new Map<string, { role: string; ids: Set<string> }>();
  for (const r of rows) {
    if (r.actorRole === "system") continue;
    const p = seen.get(r.actor) ?? { role: r.actorRole, ids: new Set<string>() };
    p.ids.add(r.mutationId);
    seen.set(r.actor, p);
  }
  return [...seen]
    .map(([name, p]) => ({ name, role: p.role, taps: p.ids.size }))
    .sort((a, b) => b.taps - a.taps || a.name.localeCompare(b.name));
}

export const ShiftAnalyticsSchema = z.object({
  id: z.int(),
  startedAt: z.string(),
  endedAt: z.string(),
  total: z.int(),
  arrived: z.int(),
  late: z.int(),
  /** Arrived and not late, over every car on the board. */
  onTimeRate: z.nullable(z.number()),
  /** Cars arrived by the end of each bucket since the shift started, cumulative. */
  arrivalCurve: z.array(z.object({ minute: z.int(), arrived: z.int() })),
  arrivalToEmpty: Durations,
  byLocation: z.array(z.extend(z.object({ location: z.string() }), Durations.shape)),
  /** The dock doors' work; null for shifts ended before the door board existed. */
  unload: z.nullable(UnloadAnalyticsSchema),
  /** Who did the work: changes each person made during the shift, most first; null when the audit was unreachable. */
  people: z.nullable(z.array(PersonTapsSchema)),
});
export type ShiftAnalytics = z.infer<typeof ShiftAnalyticsSchema>;

export const AnalyticsResponseSchema = z.object({
  shifts: z.array(ShiftAnalyticsSchema),
  /** Across every shift listed. */
  overall: z.object({
    /** The mean arrival curve: cars arrived by each minute since the start, averaged over the shifts. */
    arrivalCurve: z.array(z.object({ minute: z.int(), arrived: z.number() })),
    late: z.int(),
    onTimeRate: z.nullable(z.number()),
    arrivalToEmpty: Durations,
    byLocation: z.array(z.extend(z.object({ location: z.string() }), Durations.shape)),
    /** Trailers unloaded and unload times across the shifts that kept a door board. */
    trailersUnloaded: z.int(),
    unloadTime: Durations,
    dwell: Durations,
  }),
});
export type AnalyticsResponse = z.infer<typeof AnalyticsResponseSchema>;

const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

/** Whether an instant falls inside the shift: what happened before it started or after it ended is not its work. */
const within = (shift: Shift, iso: string) => iso >= shift.startedAt && iso <= (shift.endedAt ?? iso);

/** Arrival to empty, in minutes, for cars that arrived and were emptied inside the shift. */
function emptyTimes(shift: Shift, cars: readonly Car[]): { location: string; min: number }[] {
  return cars.flatMap((c) =>
    c.arrivedAt && c.emptyAt && c.emptyAt >= c.arrivedAt && within(shift, c.arrivedAt) && within(shift, c.emptyAt)
      ? [{ location: c.location, min: minutesBetween(c.arrivedAt, c.emptyAt) }]
      : [],
  );
}

function byLocation(times: { location: string; min: number }[], order: readonly string[]) {
  const groups = new Map<string, number[]>();
  for (const t of times) groups.set(t.location, [...(groups.get(t.location) ?? []), t.min]);
  const known = [...order.filter((l) => groups.has(l)), ...[...groups.keys()].filter((l) => !order.includes(l))];
  return known.map((location) => ({ location, ...durations(groups.get(location)!) }));
}

/** A shorter shift counts with its final figure at the later minutes, so the mean never dips at the end. */
function meanCurve(curves: ShiftAnalytics["arrivalCurve"][]): { minute: number; arrived: number }[] {
  const longest = Math.max(0, ...curves.map((c) => c.length));
  return Array.from({ length: longest }, (_, i) => ({
    minute: i * ARRIVAL_BUCKET_MIN,
    arrived:
      Math.round(
        (curves.reduce((sum, c) => sum + (c[Math.min(i, c.length - 1)]?.arrived ?? 0), 0) / curves.length) * 10,
      ) / 10,
  }));
}

/** One ended shift, from the board it stored when it ended. */
export function shiftAnalytics(
  shift: Shift,
  cars: readonly Car[],
  locations: readonly string[],
  dock: DockRecord | null = null,
): ShiftAnalytics {
  const end = shift.endedAt ?? shift.startedAt;
  // A car marked before the shift began is not an arrival of this shift (it used to count at minute 0).
  const arrivals = cars
    .flatMap((c) => (c.arrivedAt && within(shift, c.arrivedAt) ? [minutesBetween(shift.startedAt, c.arrivedAt)] : []))
    .sort((a, b) => a - b);
  const span = Math.max(ARRIVAL_BUCKET_MIN, Math.ceil(minutesBetween(shift.startedAt, end)));
  const arrivalCurve = [];
  for (let m = 0; m <= span + ARRIVAL_BUCKET_MIN - 1; m += ARRIVAL_BUCKET_MIN) {
    arrivalCurve.push({ minute: m, arrived: arrivals.filter((a) => a <= m).length });
  }
  const arrived = cars.filter((c) => c.arrived).length;
  const late = cars.filter((c) => c.late).length;
  const times = emptyTimes(shift, cars);
  return {
    id: shift.id,
    startedAt: shift.startedAt,
    endedAt: end,
    total: cars.length,
    arrived,
    late,
    onTimeRate: cars.length ? cars.filter((c) => c.arrived && !c.late).length / cars.length : null,
    arrivalCurve,
    arrivalToEmpty: durations(times.map((t) => t.min)),
    byLocation: byLocation(times, locations),
    unload: dock ? unloadAnalytics(shift, dock.visits, dock.doors) : null,
    people: null,
  };
}

/** What a shift kept of its door board, for its analytics. */
export interface DockRecord {
  doors: readonly string[];
  visits: readonly Visit[];
}

/** The last shifts (newest first) and their totals together. */
export function analyticsOf(
  shifts: readonly { shift: Shift; cars: readonly Car[]; dock?: DockRecord | null }[],
  locations: readonly string[],
): AnalyticsResponse {
  const all = shifts.flatMap((s) => s.cars);
  const times = shifts.flatMap((s) => emptyTimes(s.shift, s.cars));
  const each = shifts.map((s) => shiftAnalytics(s.shift, s.cars, locations, s.dock ?? null));
  const shiftEnd = (s: Shift) => Date.parse(s.endedAt ?? s.startedAt);
  const unloadMins = shifts.flatMap((s) =>
    (s.dock?.visits ?? []).flatMap((v) =>
      v.completedAt && v.completedAt >= s.shift.startedAt && Date.parse(v.completedAt) <= shiftEnd(s.shift)
        ? [(Date.parse(v.completedAt) - Date.parse(v.startedAt ?? v.dockedAt)) / 60_000]
        : [],
    ),
  );
  const dwellMins = shifts.flatMap((s) =>
    (s.dock?.visits ?? []).map(
      (v) =>
        (Math.min(shiftEnd(s.shift), Date.parse(v.departedAt ?? s.shift.endedAt ?? v.dockedAt)) -
          Date.parse(v.dockedAt)) /
        60_000,
    ),
  );
  return {
    shifts: each,
    overall: {
      arrivalCurve: meanCurve(each.map((s) => s.arrivalCurve)),
      late: all.filter((c) => c.late).length,
      onTimeRate: all.length ? all.filter((c) => c.arrived && !c.late).length / all.length : null,
      arrivalToEmpty: durations(times.map((t) => t.min)),
      byLocation: byLocation(times, locations),
      trailersUnloaded: each.reduce((n, s) => n + (s.unload?.trailersUnloaded ?? 0), 0),
      unloadTime: durations(unloadMins),
      dwell: durations(dwellMins.filter((m) => m >= 0)),
    },
  };
}
