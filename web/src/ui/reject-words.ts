import type { ErrorCode, PatchField, RefusalWords, VisitStatus } from "../../../shared";
import { lang, t, tx } from "../i18n/i18n";

/** What a refusal means on the floor, by its code; the hub's own words follow in brackets. */
const WORDS: Partial<Record<ErrorCode, string>> = {
  door_occupied: tx("That door has a trailer on it"),
  door_in_use: tx("A trailer still stands at that door"),
  invalid_transition: tx("That step does not fit where the trailer is"),
  not_found: tx("It is no longer on the board"),
  conflict: tx("Someone else changed this first"),
  already_exists: tx("It is on the board already"),
  forbidden: tx("Your role cannot do that"),
  location_in_use: tx("Cars still stand at that location"),
  invalid_location: tx("That location does not exist any more"),
  shift_open: tx("A shift is already open"),
  no_shift: tx("No shift is open"),
};

/** A trailer's status inside a refusal's sentence, as the dock says it. */
const STATUS_TERMS: Record<VisitStatus, string> = {
  arrived: tx("waiting to unload"),
  unloading: tx("unloading"),
  completed: tx("unloaded"),
  departed: tx("pulled"),
};

/** A car's field by its mark on the card, lower case inside a sentence. */
const FIELD_TERMS: Record<PatchField, string> = {
  location: tx("Location"),
  arrived: tx("Arrived"),
  late: tx("Late"),
  empty: tx("Empty"),
  notes: tx("Note"),
};

const term = (words: Record<string, string>, v: string) => (v in words ? t(words[v]!) : v);

/**
 * Params that hold the hub's own terms (a trailer's status, a car's fields), not a name or a number: the screen
 * says them in its words. A term this screen does not know (a newer hub) stays as the hub sent it.
 */
const TERM_PARAMS: Record<string, (v: string) => string> = {
  status: (v) => term(STATUS_TERMS, v),
  to: (v) => term(STATUS_TERMS, v),
  fields: (v) =>
    v
      .split(", ")
      .map((f) => term(FIELD_TERMS, f).toLocaleLowerCase(lang()))
      .join(", "),
};

/**
 * The hub's detail in the screen's language: its words (an English template, the key of the Spanish) when it sent
 * them; else its English message.
 */
export function refusalDetail(message: string, words: RefusalWords | undefined): string {
  if (!words) return message;
  const params = Object.fromEntries(
    Object.entries(words.params).map(([k, v]) => [k, Object.hasOwn(TERM_PARAMS, k) ? TERM_PARAMS[k]!(v) : v]),
  );
  return t(words.text, params);
}

/** Where the code already says it in the floor's words, a Spanish screen leaves out a detail that has no words. */
export function rejectionWords(code: ErrorCode, message: string, words?: RefusalWords): string {
  const floor = WORDS[code];
  if (!floor) return refusalDetail(message, words);
  if (!words && lang() !== "en") return t(floor);
  return `${t(floor)} (${refusalDetail(message, words)})`;
}
