import { useState } from "react";
import { chooseTheme, chosenTheme, systemTheme } from "./theme";
import { useT } from "../i18n/i18n";

/** Night mode on or off for this device; remembered here, whatever the system says afterwards. */
export function NightToggle() {
  const t = useT();
  const [theme, setTheme] = useState(() => chosenTheme() ?? systemTheme());
  const night = theme === "dark";
  return (
    <button
      type="button"
      className="night-toggle"
      aria-pressed={night}
      aria-label={t("Night mode")}
      title={t("Night mode")}
      onClick={() => setTheme(chooseTheme(night ? "light" : "dark"))}
    >
      <span aria-hidden="true">☾</span>
    </button>
  );
}
