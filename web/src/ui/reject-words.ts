import type { ErrorCode, RefusalWords } from "../../../shared";
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

/**
 * The hub's detail in the screen's language: its words (an English template, the key of the Spanish) when it sent
 * them; else its English message.
 */
export function refusalDetail(message: string, words: RefusalWords | undefined): string {
  return words ? t(words.text, words.params) : message;
}

/** Where the code already says it in the floor's words, a Spanish screen leaves out a detail that has no words. */
export function rejectionWords(code: ErrorCode, message: string, words?: RefusalWords): string {
  const floor = WORDS[code];
  if (!floor) return refusalDetail(message, words);
  if (!words && lang() !== "en") return t(floor);
  return `${t(floor)} (${refusalDetail(message, words)})`;
}
