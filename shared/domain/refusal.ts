import type { ErrorCode } from "../errors";
import { fill } from "./alert-words";
import type { Car } from "./schemas";
import type { RefusalText } from "./board-refusals";

/**
 * A refusal in words: an English template (the key of the screens' Spanish, as every text they show) and what
 * fills it. `message` is the same filled in, for the old API and the logs; a screen shows the words in its language.
 */
export interface RefusalWords {
  text: string;
  params: Record<string, string>;
}

export interface Rejection {
  ok: false;
  code: ErrorCode;
  message: string;
  words?: RefusalWords;
  car?: Car;
  /** The sweep's refusals, door by door. */
  doors?: { door: string; message: string; words?: RefusalWords }[];
}

/**
 * The refusals of the cars' rules, in English: the only ones the handheld's first load plans with (plan.ts); the
 * rest are in board-refusals.ts, with the planners that use them. Each is the key of the screens' Spanish.
 */
export const CAR_REFUSALS = {
  carNoVersion: "car {{car}} has no version {{base}} yet (it is at {{version}})",
  carExists: "car {{car}} is already on the board",
  carAtVersion: "car {{car}} is at version {{version}}, not {{base}}",
  carMissing: "car {{car}} is not on the board",
  carFieldsChanged: "car {{car}}: {{fields}} changed since version {{base}}",
  carChanged: "car {{car}} changed since version {{base}}",
  rowEmptyNotArrived: "row {{row}} (car {{car}}): a car cannot be empty and not arrived",
  rowLocationUnknown: 'row {{row}} (car {{car}}): unknown location "{{location}}"; this facility has: {{locations}}',
  locationUnknown: 'unknown location "{{location}}"; this facility has: {{locations}}',
} as const;

/** A refusal: `text` with `{{name}}` holes filled from `params`; `car` is the car as the hub has it. */
export function reject(
  code: ErrorCode,
  text: RefusalText,
  params: Record<string, string | number> = {},
  car?: Car,
): Rejection {
  const filled = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const refusal: Rejection = { ok: false, code, message: fill(text, filled), words: { text, params: filled } };
  return car ? { ...refusal, car } : refusal;
}
