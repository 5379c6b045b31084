import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startI18n } from "./i18n/i18n";
import { reportUncaught } from "./net/client-errors";
import { routeParts } from "./route";
import { sessionBeforeFirstPaint } from "./net/session";
import { App } from "./ui/app";
import { ErrorScreen } from "./ui/error-screen";
import { applyTheme, chosenTheme } from "./ui/theme";
import "./styles.css";
import "./ui/doors/doors.css";
import "./ui/alerts/alerts.css";

reportUncaught();
const [screen, facility] = routeParts(location.pathname);
const fid = screen === "f" ? facility : undefined;
applyTheme();
// Until someone chooses here, the handheld follows the system from day to night.
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  if (!chosenTheme()) applyTheme();
});

// Spanish is loaded before the first paint when this device or its browser asks for it; English never waits.
// On a facility's first visit here, so is the answer to who is signed in (see sessionBeforeFirstPaint).
void Promise.all([
  startI18n().catch((err: unknown) => console.warn("language not loaded; showing English:", err)),
  fid ? sessionBeforeFirstPaint(fid) : null,
])
  .catch(() => undefined)
  .finally(() =>
    createRoot(document.getElementById("root")!).render(
      <StrictMode>
        <ErrorScreen>
          <App />
        </ErrorScreen>
      </StrictMode>,
    ),
  );

// The offline shell: lets a handheld open the app with no network at all.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((err: unknown) => console.warn("no offline shell:", err));
  });
}
