import type { ErrorCode, MutationType } from "../../../../shared";
import type { FacilityHealth } from "../../../../shared/ops";
import { locale, t, tx } from "../../i18n/i18n";

/** What each kind of change is, in the words of the floor (the console never shows a mutation's type). */
export const CHANGE_WORDS: Record<MutationType, string> = {
  "car.add": tx("Cars added"),
  "car.update": tx("Car taps"),
  "car.remove": tx("Cars removed"),
  "fleet.import": tx("Fleet imports"),
  "fleet.reset": tx("Board resets"),
  "shift.start": tx("Shifts started"),
  "shift.end": tx("Shifts ended"),
  "shift.cutoff": tx("Cut-offs"),
  "facility.setLocations": tx("Location lists"),
  "facility.renameLocation": tx("Locations renamed"),
  "facility.rename": tx("Building renamed"),
  "facility.archive": tx("Archived or restored"),
  "facility.setDoors": tx("Door lists"),
  "door.dock": tx("Trailers docked"),
  "door.set": tx("Doors set"),
  "doors.verify": tx("Door checks"),
  "visit.start": tx("Unloads started"),
  "visit.progress": tx("Unload progress"),
  "visit.finish": tx("Unloads finished"),
  "visit.depart": tx("Trailers pulled"),
  "visit.move": tx("Trailers moved"),
  "visit.fixInitial": tx("Loads corrected"),
  "visit.note": tx("Trailer notes"),
  "access.rotate": tx("Codes changed"),
  "alerts.check": tx("Alert checks"),
  "alert.ack": tx("Alerts acknowledged"),
  "facility.setAlertRules": tx("Alert rules"),
};

export const REFUSAL_WORDS: Partial<Record<ErrorCode, string>> = {
  conflict: tx("Someone else changed it first"),
  forbidden: tx("Role may not"),
  rate_limited: tx("Too fast"),
  not_found: tx("Not on the board"),
  invalid_transition: tx("Step out of order"),
  invalid_location: tx("Unknown location"),
};

export const changeWords = (type: string): string =>
  type in CHANGE_WORDS ? t(CHANGE_WORDS[type as MutationType]) : type;

export function timeOf(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function ageOf(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) return t("{{n}} s", { n: Math.round(ms / 1000) });
  if (ms < 3600_000) return t("{{n}} min", { n: Math.round(ms / 60_000) });
  return t("{{n}} h", { n: Math.round(ms / 3600_000) });
}

export function bytesOf(n: number | null): string {
  if (n === null) return "—";
  if (n < 1024 * 1024) return t("{{n}} KB", { n: Math.max(1, Math.round(n / 1024)) });
  return t("{{n}} MB", { n: (n / 1024 / 1024).toFixed(1) });
}

/** The one word an operator scans the table for. */
export function stateOf(h: FacilityHealth | null, archived: boolean, error?: string): { word: string; bad: boolean } {
  if (archived) return { word: t("Archived"), bad: false };
  if (!h) return { word: t("Not answering: {{why}}", { why: error ?? "?" }), bad: true };
  if (h.flushFailures > 0)
    return { word: t("Audit not reaching the database ({{n}} tries)", { n: h.flushFailures }), bad: true };
  if ((h.oldestOutboxAgeMs ?? 0) > 5 * 60_000) return { word: t("Audit running behind"), bad: true };
  return { word: t("Healthy"), bad: false };
}
