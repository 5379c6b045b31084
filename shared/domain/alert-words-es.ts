import { ALERT_TEXT, CUTOFF_ONE, type Lang } from "./alert-words";

// Apart from alert-words.ts so that only what speaks Spanish (the screens' dictionary, loaded when Spanish is
// chosen, and the hub) carries these words.

/** The alert's words in Spanish, keyed by the English (the screens' dictionary takes them from here). */
export const ALERT_TEXT_ES: Record<string, string> = {
  [ALERT_TEXT.cutoff]: "{{n}} vehículos sin llegar a la hora límite de las {{since}}",
  [ALERT_TEXT.notEmpty]: "El vehículo {{car}} llegó a las {{since}} y no está vacío",
  [ALERT_TEXT.standing]: "El vehículo {{car}} no se ha movido desde las {{since}}",
  [ALERT_TEXT.stalled]: "Remolque {{trailer}} en la puerta {{door}}: sin avance desde las {{since}}",
  [ALERT_TEXT.atDoor]: "El remolque {{trailer}} está en la puerta {{door}} desde las {{since}}",
  [ALERT_TEXT.doorPending]: "La puerta {{door}} espera un remolque desde las {{since}}",
  [CUTOFF_ONE]: "1 vehículo sin llegar a la hora límite de las {{since}}",
};

/** An alert's words in `lang`, for a push (screens use their own translator). */
export function alertTextIn(lang: Lang, english: string): string {
  return lang === "es" ? (ALERT_TEXT_ES[english] ?? english) : english;
}
