import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startI18n } from "./i18n/i18n";
import { reportUncaught } from "./net/client-errors";
import { openStorageEarly } from "./net/outbox";
import { restoreBeforeFirstPaint } from "./net/early-restore";
import { rememberedSession, sessionBeforeFirstPaint } from "./net/session";
import { App, routeParts } from "./ui/app";
import { ErrorScreen } from "./ui/error-screen";
import { applyTheme, chosenTheme } from "./ui/theme";
import "./styles.css";
import "./ui/doors/doors.css";
import "./ui/alerts/alerts.css";

/** How long a first render may wait for the board saved on this device (a slow handheld reads 2,000 cars in ~150 ms). */
const RESTORE_WAIT_MS = 800;

reportUncaught();
const [screen, facility] = routeParts(location.pathname);
const fid = screen === "f" ? facility : undefined;
if (fid) openStorageEarly();
applyTheme();
// Until someone chooses here, the handheld follows the system from day to night.
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  if (!chosenTheme()) applyTheme();
});

// Spanish is loaded before the first paint when this device or its browser asks for it; English never waits.
// On a facility's first visit here, so is the answer to who is signed in (see sessionBeforeFirstPaint); on a
// later one, the board this device saved (see restoreBeforeFirstPaint).
const signedInHere = fid ? rememberedSession(fid) : null;
void Promise.all([
  startI18n().catch((err: unknown) => console.warn("language not loaded; showing English:", err)),
  fid ? sessionBeforeFirstPaint(fid) : null,
  fid && signedInHere ? restoreBeforeFirstPaint(fid, signedInHere.name, RESTORE_WAIT_MS) : null,
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
