import type { ErrorCode } from "../errors";
import { fill } from "./alert-words";
import type { Car } from "./schemas";

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

/** Every refusal of the board's rules, in English: each is the key of the screens' Spanish (web/src/i18n/es.ts). */
export const REFUSALS = {
  newTrailerNeeds: "a new trailer needs its visitId and how full it is (initialPercent)",
  shiftOpen: "a shift is already open (started by {{by}} at {{at}})",
  noShift: "no shift is open",
  carNoVersion: "car {{car}} has no version {{base}} yet (it is at {{version}})",
  carExists: "car {{car}} is already on the board",
  carAtVersion: "car {{car}} is at version {{version}}, not {{base}}",
  carMissing: "car {{car}} is not on the board",
  carFieldsChanged: "car {{car}}: {{fields}} changed since version {{base}}",
  carChanged: "car {{car}} changed since version {{base}}",
  carsStand: "cars still stand at {{where}}: {{cars}}",
  doorTaken: "door {{door}} has a trailer on it",
  doorHolds: "door {{door}} holds trailer {{trailer}}",
  doorMissing: "door {{door}} is not on this facility's board",
  visitMissing: "no trailer visit {{visit}}",
  rowEmptyNotArrived: "row {{row}} (car {{car}}): a car cannot be empty and not arrived",
  rowLocationUnknown: 'row {{row}} (car {{car}}): unknown location "{{location}}"; this facility has: {{locations}}',
  sweepSawEmpty: "the board has trailer {{board}} here, the sweep saw the door empty",
  sweepSawPending: "the board has trailer {{board}} here, the sweep saw the door expecting a trailer",
  sweepSawTrailer: "the board has trailer {{board}} here, the sweep saw trailer {{seen}}",
  visitExists: "trailer visit {{visit}} exists already",
  visitStep: "trailer {{trailer}} at door {{door}} is {{status}}; it cannot be {{to}}",
  visitDeparted: "trailer {{trailer}} has departed from door {{door}}; it cannot change",
  visitNotesFull: "trailer {{trailer}} holds 50 notes already",
  trailerElsewhere: "trailer {{trailer}} is at door {{door}} already",
  trailersStand: "trailers still stand at {{doors}}",
  sweepRefused: "{{n}} doors need another look",
  locationExists: 'location "{{location}}" exists already',
  locationUnknown: 'unknown location "{{location}}"; this facility has: {{locations}}',
} as const;

/** A refusal: `text` with `{{name}}` holes filled from `params`; `car` is the car as the hub has it. */
export function reject(
  code: ErrorCode,
  text: (typeof REFUSALS)[keyof typeof REFUSALS],
  params: Record<string, string | number> = {},
  car?: Car,
): Rejection {
  const filled = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const refusal: Rejection = { ok: false, code, message: fill(text, filled), words: { text, params: filled } };
  return car ? { ...refusal, car } : refusal;
}
