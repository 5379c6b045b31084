import type { Alert, AlertRule } from "./alerts";

/*
 * An alert in words, written in English, which is the key for Spanish. Screens pass these to their translator;
 * the hub fills them in, in the device's language, for a push. `{{since}}` is a clock time in the reader's zone.
 */

/** The languages the screens speak (the first is the default). */
export const LANGS = ["en", "es"] as const;
export type Lang = (typeof LANGS)[number];

/** What the alert says, in full. */
export const ALERT_TEXT: Record<AlertRule, string> = {
  cutoff: "{{n}} cars not in at the {{since}} cut-off",
  notEmpty: "Car {{car}} arrived at {{since}} and is not empty",
  standing: "Car {{car}} has not moved since {{since}}",
  stalled: "Trailer {{trailer}} at door {{door}}: no progress since {{since}}",
  atDoor: "Trailer {{trailer}} has been at door {{door}} since {{since}}",
  doorPending: "Door {{door}} has expected a trailer since {{since}}",
};

/** The one-car form of the cut-off's words. */
export const CUTOFF_ONE = "1 car not in at the {{since}} cut-off";

/** What the alert is about, short, for the audit ("raised the alert “car 128489 not empty”"). */
export const ALERT_TITLE: Record<AlertRule, string> = {
  cutoff: "cars not in at the cut-off",
  notEmpty: "car {{car}} not empty",
  standing: "car {{car}} not moved",
  stalled: "trailer {{trailer}} not progressing",
  atDoor: "trailer {{trailer}} long at door {{door}}",
  doorPending: "door {{door}} waiting for a trailer",
};

export type AlertParams = { n: number; car: string; door: string; trailer: string; since: string };

/** The template and its values; `clock` writes an instant as the reader's clock time. */
export function alertWords(a: Alert, clock: (iso: string) => string): { text: string; params: AlertParams } {
  const text = a.rule === "cutoff" && a.count === 1 ? CUTOFF_ONE : ALERT_TEXT[a.rule];
  return { text, params: { n: a.count, car: a.car, door: a.door, trailer: a.trailer, since: clock(a.since) } };
}

/** Fills `{{name}}` in a template, for the hub (screens use their translator, which does the same). */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
}
