import { chooseLang, lang, useT } from "../i18n/i18n";

/** English or Spanish for this device; remembered here, whatever the browser says afterwards. */
export function LanguageSwitch() {
  const t = useT();
  const next = lang() === "es" ? "en" : "es";
  return (
    <button
      type="button"
      className="lang-switch"
      lang={next}
      title={t("Language")}
      onClick={() => void chooseLang(next)}
    >
      {/* Named in the language it switches to; the two letters are all the topbar has room for. */}
      <span aria-hidden="true">{next === "es" ? "ES" : "EN"}</span>
      <span className="sr-only">{next === "es" ? "Español" : "English"}</span>
    </button>
  );
}
