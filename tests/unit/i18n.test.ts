import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { es } from "../../web/src/i18n/es";
import { ALERT_TEXT, ALERT_TITLE, CUTOFF_ONE } from "../../shared";
import { REFUSALS } from "../../shared/domain/board-refusals";

const WEB = path.resolve(import.meta.dirname, "../../web/src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Every English text handed to t("…") or marked with tx("…") in the web app. */
export function textsShown(): Set<string> {
  const found = new Set<string>();
  const call = /\bt[x]?\(\s*"((?:[^"\\]|\\.)*)"/g;
  for (const file of files(WEB)) {
    for (const m of readFileSync(file, "utf8").matchAll(call)) found.add(JSON.parse(`"${m[1]}"`) as string);
  }
  return found;
}

/** The alerts' words live in shared/ (the hub pushes them too); screens translate them like their own. */
const ALERT_TEXTS = [...Object.values(ALERT_TEXT), CUTOFF_ONE, ...Object.values(ALERT_TITLE)];
/** So are the hub's refusals: a screen shows their words (shared/domain/refusal.ts) in its language. */
const REFUSAL_TEXTS = Object.values(REFUSALS);

describe("Spanish", () => {
  const shown = new Set([...textsShown(), ...ALERT_TEXTS, ...REFUSAL_TEXTS]);

  it("has every text a screen shows, and nothing no screen shows", () => {
    expect(shown.size).toBeGreaterThan(300);
    expect([...shown].filter((k) => !(k in es))).toEqual([]);
    expect(Object.keys(es).filter((k) => !shown.has(k) && !EXTRA.has(k))).toEqual([]);
  });

  it("keeps every {{placeholder}} of the English", () => {
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const broken = Object.entries(es).filter(([en, spanish]) => holes(en).join() !== holes(spanish).join());
    expect(broken).toEqual([]);
  });
});

/** Texts that reach `t` from the hub or a schema (not written in web/), translated when they arrive. */
const EXTRA = new Set([
  "display",
  "That code opens nothing at this building. Check it with your supervisor.",
  "too many wrong codes; wait and try again",
  "cannot reach the hub; check the Wi-Fi and try again",
  "unexpected answer from the hub",
  "This screen was signed out. Sign in again; waiting taps are kept.",
  "car id is empty",
  "car id may hold only letters, digits and -",
  "trailer number is empty",
  "a trailer number holds only A-Z, 0-9 and -",
  "an origin holds only A-Z, 0-9 and -",
  "a facility needs at least one door",
  "doors must be unique",
  "a door is 1-10 letters, digits or -",
]);
