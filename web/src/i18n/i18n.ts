import i18next, { type TOptions } from "i18next";
import { useSyncExternalStore } from "react";

/**
 * English and Spanish, through i18next. English text is the key (gettext style): a string a screen shows is
 * written once, in English, where it is used (i18next fills in `{{n}}` in a key it has no table for); `es.ts`
 * holds the Spanish, loaded only when Spanish is chosen, so an English handheld never pays for it.
 * `tests/unit/i18n.test.ts` fails if a string passed to `t` has no Spanish. Counts are named `n`, never
 * `count` (which would make i18next look for plural keys).
 */
export type Lang = "en" | "es";
const KEY = "ct-lang";

export function chosenLang(): Lang | null {
  const v = localStorage.getItem(KEY);
  return v === "en" || v === "es" ? v : null;
}

function browserLang(): Lang {
  return (navigator.languages ?? [navigator.language]).some((l) => l.toLowerCase().startsWith("es")) ? "es" : "en";
}

async function load(lang: Lang): Promise<void> {
  if (lang !== "es" || i18next.hasResourceBundle("es", "translation")) return;
  const { es } = await import("./es");
  i18next.addResourceBundle("es", "translation", es);
}

// English from the start (and in Node, where the words are tested): the key is the text.
void i18next.init({
  lng: "en",
  fallbackLng: "en",
  resources: {},
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Before the first render: the device's chosen language, else the browser's. */
export async function startI18n(): Promise<void> {
  const lang = chosenLang() ?? browserLang();
  await load(lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export async function chooseLang(lang: Lang): Promise<void> {
  localStorage.setItem(KEY, lang);
  await load(lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export const lang = (): Lang => (i18next.language === "es" ? "es" : "en");

/**
 * The locale for dates and times: Spanish when the app speaks it (a Spanish screen reads 22:30), else the
 * browser's own default (undefined: never a tag of ours, which a device's odd language setting could make invalid).
 */
export const locale = (): string | undefined => (lang() === "es" ? "es" : undefined);

export const t = (text: string, options?: TOptions): string => i18next.t(text, options ?? {});

function subscribe(changed: () => void): () => void {
  i18next.on("languageChanged", changed);
  return () => i18next.off("languageChanged", changed);
}

/** Re-renders a component when the language changes; returns `t`. */
export function useT(): typeof t {
  useSyncExternalStore(subscribe, lang);
  return t;
}

/** Marks English text for translation where a list defines it; the screen shows it through `t`. */
export const tx = (text: string): string => text;
