import { useSyncExternalStore } from "react";
import { LANGS, type Lang } from "../../../shared";

/**
 * English and Spanish. English text is the key (gettext style): a string a screen shows is written once, in
 * English, where it is used; `es.ts` holds the Spanish, loaded only when Spanish is chosen, so an English
 * handheld never pays for it. `tests/unit/i18n.test.ts` fails if a string passed to `t` has no Spanish.
 * A table lookup and `{{name}}` holes are all the screens use: i18next did the same for 15 KB of the handheld's
 * JavaScript (gzipped), which the slowest handheld pays on every cold start.
 */
export type { Lang };
const KEY = "ct-lang";

export function chosenLang(): Lang | null {
  const v = localStorage.getItem(KEY);
  return LANGS.find((l) => l === v) ?? null;
}

function browserLang(): Lang {
  return (navigator.languages ?? [navigator.language]).some((l) => l.toLowerCase().startsWith("es")) ? "es" : "en";
}

let current: Lang = "en";
let spanish: Record<string, string> | null = null;
const listeners = new Set<() => void>();

async function load(lang: Lang): Promise<void> {
  if (lang !== "es" || spanish) return;
  spanish = (await import("./es")).es;
}

function speak(lang: Lang): void {
  document.documentElement.lang = lang;
  if (current === lang) return;
  current = lang;
  for (const changed of listeners) changed();
}

/** Before the first render: the device's chosen language, else the browser's. */
export async function startI18n(): Promise<void> {
  const lang = chosenLang() ?? browserLang();
  await load(lang);
  speak(lang);
}

export async function chooseLang(lang: Lang): Promise<void> {
  localStorage.setItem(KEY, lang);
  await load(lang);
  speak(lang);
}

export const lang = (): Lang => current;

/**
 * The locale for dates and times: Spanish when the app speaks it (a Spanish screen reads 22:30), else the
 * browser's own default (undefined: never a tag of ours, which a device's odd language setting could make invalid).
 */
export const locale = (): string | undefined => (lang() === "es" ? "es" : undefined);

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A time of day in the language in use: hours and minutes, or with seconds. The formatter is made once per
 * language: `toLocaleTimeString` makes a new one on every call, which cost a slow handheld ~90 ms a render.
 */
export function clockTime(at: number | string | Date, seconds = false): string {
  const key = `${lang()}:${seconds ? "s" : "m"}`;
  let f = clocks.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), {
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
    });
    clocks.set(key, f);
  }
  return f.format(new Date(at));
}

/** Values for a text's `{{name}}` holes; null or missing reads as nothing. */
export type Vars = Record<string, string | number | null | undefined>;

/** The text in the language in use, its `{{name}}` holes filled. */
export const t = (text: string, vars?: Vars): string => {
  const words = (current === "es" && spanish?.[text]) || text;
  return vars ? words.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? "")) : words;
};

function subscribe(changed: () => void): () => void {
  listeners.add(changed);
  return () => listeners.delete(changed);
}

/** Re-renders a component when the language changes; returns `t`. */
export function useT(): typeof t {
  useSyncExternalStore(subscribe, lang);
  return t;
}

/** Marks English text for translation where a list defines it; the screen shows it through `t`. */
export const tx = (text: string): string => text;
