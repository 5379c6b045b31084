import { CAR_REFUSALS } from "./refusal";

/** The refusals of the shifts', locations', doors' and trailers' rules, in English (their planners load later). */
const MORE_REFUSALS = {
  newTrailerNeeds: "a new trailer needs its visitId and how full it is (initialPercent)",
  shiftOpen: "a shift is already open (started by {{by}} at {{at}})",
  noShift: "no shift is open",
  carsStand: "cars still stand at {{where}}: {{cars}}",
  doorTaken: "door {{door}} has a trailer on it",
  doorHolds: "door {{door}} holds trailer {{trailer}}",
  doorMissing: "door {{door}} is not on this facility's board",
  visitMissing: "no trailer visit {{visit}}",
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
} as const;

/** Every refusal of the board's rules, in English: each is the key of the screens' Spanish (web/src/i18n/es.ts). */
export const REFUSALS = { ...CAR_REFUSALS, ...MORE_REFUSALS } as const;
export type RefusalText = (typeof REFUSALS)[keyof typeof REFUSALS];
