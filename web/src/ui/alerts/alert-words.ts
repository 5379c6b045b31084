import { ALERT_TITLE, alertWords, type Alert, type AlertRule } from "../../../../shared";
import { clockTime, t, tx } from "../../i18n/i18n";

const clock = (iso: string) => clockTime(iso);

/** "3 cars not in at the 22:30 cut-off", in the screen's language and clock. */
export function alertText(a: Alert): string {
  const { text, params } = alertWords(a, clock);
  return t(text, params);
}

/** "car 128489 not empty": what the alert is about, for the audit. */
export function alertTitle(rule: AlertRule, about: { car: string; door: string; trailer: string }): string {
  return t(ALERT_TITLE[rule], about);
}

/** The rules as a supervisor reads them, with what their minutes mean. */
export const RULE_WORDS: Record<AlertRule, { name: string; minutes: string }> = {
  cutoff: { name: tx("Cars not in at the cut-off"), minutes: tx("minutes after the cut-off") },
  notEmpty: { name: tx("Car arrived but not empty"), minutes: tx("minutes after it arrived") },
  standing: { name: tx("Car standing at one place"), minutes: tx("minutes without moving") },
  stalled: { name: tx("Trailer not progressing"), minutes: tx("minutes without progress") },
  atDoor: { name: tx("Trailer long at a door"), minutes: tx("minutes at the door") },
  doorPending: { name: tx("Door waiting for a trailer"), minutes: tx("minutes expecting one") },
};

export const clockOf = clock;
