import { z } from "./zod";
import type { Visit } from "./domain/doors";
import type { Shift } from "./domain/schemas";
import { DurationsSchema, durations } from "./durations";

export const UnloadAnalyticsSchema = z.object({
  /** Trailers finished inside the shift. */
  trailersUnloaded: z.int(),
  /** Start of unloading (or docking, when nobody pressed start) to done, for trailers finished in the shift. */
  unloadTime: DurationsSchema,
  /** Docked to pulled (or to the end of the shift), for trailers at a door during the shift. */
  dwell: DurationsSchema,
  byDoor: z.array(
    z.object({
      door: z.string(),
      /** Percent of a trailer unloaded per hour of the shift at this door. */
      percentPerHour: z.number(),
      /** Share of the shift a trailer stood at this door, 0-1. */
      utilisation: z.number(),
    }),
  ),
});
export type UnloadAnalytics = z.infer<typeof UnloadAnalyticsSchema>;

const ms = (iso: string) => Date.parse(iso);

/** What the dock did during one shift, from the visits its door board kept (see visitInView). */
export function unloadAnalytics(shift: Shift, visits: readonly Visit[], doors: readonly string[]): UnloadAnalytics {
  const start = ms(shift.startedAt);
  const end = ms(shift.endedAt ?? shift.startedAt);
  // A shift shorter than an hour counts as one, so a rate never claims more than was done.
  const hours = Math.max((end - start) / 3_600_000, 1);
  const inShift = (iso: string | null) => iso !== null && ms(iso) >= start && ms(iso) <= end;
  const atDoor = visits.filter((v) => ms(v.dockedAt) <= end && (v.departedAt === null || ms(v.departedAt) >= start));
  const done = atDoor.filter((v) => inShift(v.completedAt));
  const unloadTime = done.map((v) => (ms(v.completedAt!) - ms(v.startedAt ?? v.dockedAt)) / 60_000);
  const dwell = atDoor.map(
    (v) => (Math.min(end, ms(v.departedAt ?? shift.endedAt ?? v.dockedAt)) - ms(v.dockedAt)) / 60_000,
  );
  const byDoor = doors.map((door) => {
    const here = atDoor.filter((v) => v.door === door);
    const occupied = here.reduce((sum, v) => {
      const from = Math.max(start, ms(v.dockedAt));
      const to = Math.min(end, v.departedAt ? ms(v.departedAt) : end);
      return sum + Math.max(0, to - from);
    }, 0);
    // Only trailers docked during the shift count: how much of an earlier one was done before the start is not kept.
    const unloaded = here
      .filter((v) => ms(v.dockedAt) >= start)
      .reduce((sum, v) => sum + Math.max(0, v.initialPercent - v.remainingPercent), 0);
    return {
      door,
      percentPerHour: Math.round((unloaded / hours) * 10) / 10,
      utilisation: Math.round((occupied / (end - start || 1)) * 100) / 100,
    };
  });
  return {
    trailersUnloaded: done.length,
    unloadTime: durations(unloadTime),
    dwell: durations(dwell.filter((m) => m >= 0)),
    byDoor,
  };
}
