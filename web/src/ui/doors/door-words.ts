import type { Door, Visit, VisitStatus } from "../../../../shared";
import { t, tx } from "../../i18n/i18n";

/** A visit's status as the dock says it. */
export const STATUS_WORDS: Record<VisitStatus, string> = {
  arrived: tx("Waiting to unload"),
  unloading: tx("Unloading"),
  completed: tx("Unloaded"),
  departed: tx("Pulled"),
};

/** What a door card's headline says: the trailer's status when there is one, else the door's. */
export function doorWord(door: Door, visit: Visit | undefined): string {
  if (visit) return t(STATUS_WORDS[visit.status]);
  return door.state === "pending" ? t("Expecting a trailer") : t("Empty");
}

/** "45 min", "2 h 05 min": how long a trailer has stood at its door. */
export function timeAt(since: string, now: number): string {
  const min = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (min < 60) return t("{{n}} min", { n: min });
  return t("{{h}} h {{m}} min", { h: Math.floor(min / 60), m: String(min % 60).padStart(2, "0") });
}

/** What is left, as a share of the whole trailer; a trailer docked empty shows 0%, never NaN. */
export const leftPercent = (v: Visit): number => Math.max(0, Math.min(100, v.remainingPercent));

/** A trailer that has stood idle longer than this while others wait reads as a problem on the wall. */
export const IDLE_WARN_MIN = 20;

export function idleMinutes(v: Visit, now: number): number {
  return Math.floor((now - new Date(v.updatedAt).getTime()) / 60_000);
}

/** "9-12, North-1" -> 9, 10, 11, 12, North-1: a numeric range is a run of doors; anything else is one label. */
export function expand(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .flatMap((part) => {
      const range = /^(\d{1,4})-(\d{1,4})$/.exec(part);
      if (!range) return [part];
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from > 100) return [part];
      return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    });
}
