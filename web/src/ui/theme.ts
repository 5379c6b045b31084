/** Day or night, per device: the system's setting unless someone chose here. Kept in localStorage. */
export type Theme = "light" | "dark";

const KEY = "ct-theme";

export function chosenTheme(): Theme | null {
  const v = localStorage.getItem(KEY);
  return v === "light" || v === "dark" ? v : null;
}

export function systemTheme(): Theme {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Sets the page's theme before the first paint, so a night-shift handheld never flashes white. */
export function applyTheme(theme: Theme = chosenTheme() ?? systemTheme()): Theme {
  document.documentElement.dataset.theme = theme;
  return theme;
}

export function chooseTheme(theme: Theme): Theme {
  localStorage.setItem(KEY, theme);
  return applyTheme(theme);
}
