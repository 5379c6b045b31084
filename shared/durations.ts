import { z } from "./zod";

export const DurationsSchema = z.object({
  count: z.int(),
  medianMin: z.nullable(z.number()),
  p90Min: z.nullable(z.number()),
});
export type Durations = z.infer<typeof DurationsSchema>;

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** How many, the median and the 90th percentile of some minutes, to a tenth. */
export function durations(mins: number[]): Durations {
  const s = [...mins].sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return { count: s.length, medianMin: round(percentile(s, 0.5)), p90Min: round(percentile(s, 0.9)) };
}
