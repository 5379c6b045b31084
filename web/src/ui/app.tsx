import { lazy, Suspense } from "react";
import { t } from "../i18n/i18n";
import { routeOf, routeParts } from "../route";
import { Handheld } from "./handheld";
import { SessionGate } from "./session-gate";

// The board is what a handheld opens first; the building chooser, the wall, the door board and the supervisor's
// and operator's pages load when opened.
const Wall = lazy(() => import("./wall").then((m) => ({ default: m.Wall })));
const DoorBoardPage = lazy(() => import("./doors/door-board").then((m) => ({ default: m.DoorBoardPage })));
// The operator's console, with Chart.js, only for those who open /ops.
const Chooser = lazy(() => import("./chooser").then((m) => ({ default: m.Chooser })));
const OpsPage = lazy(() => import("./ops/ops-page"));
const SupervisorPage = lazy(() => import("./supervisor/supervisor-page").then((m) => ({ default: m.SupervisorPage })));

/** The home-screen icon's shortcuts (manifest.webmanifest) name a screen; the building is the last one used here. */
function shortcutTarget(): string | null {
  const open = new URLSearchParams(location.search).get("open");
  const fid = localStorage.getItem("ct.lastFacility");
  if (!fid || (open !== "board" && open !== "doors")) return null;
  return `/f/${encodeURIComponent(fid)}${open === "doors" ? "/doors" : ""}`;
}

export function App() {
  const route = routeOf(location.pathname);
  const shortcut = routeParts(location.pathname).length === 0 ? shortcutTarget() : null;
  if (shortcut) {
    location.replace(shortcut);
    return null;
  }
  if (route.screen === "ops") {
    return (
      <Suspense fallback={<p className="checking">{t("Loading…")}</p>}>
        <OpsPage />
      </Suspense>
    );
  }
  if (route.screen === "chooser") {
    return (
      <Suspense fallback={<p className="checking">{t("Loading…")}</p>}>
        <Chooser />
      </Suspense>
    );
  }
  const { fid } = route;
  return (
    <SessionGate fid={fid} wall={route.screen === "wall"}>
      {(s) => (
        <Suspense fallback={<p className="checking">{t("Loading…")}</p>}>
          {route.screen === "supervisor" ? (
            <SupervisorPage fid={fid} view={route.view} signedIn={s} />
          ) : // A display code opens the wall view only, wherever it is used.
          route.screen === "wall" || s.session.role === "display" ? (
            <Wall fid={fid} signedIn={s} />
          ) : route.screen === "doors" ? (
            <DoorBoardPage fid={fid} signedIn={s} />
          ) : (
            <Handheld fid={fid} signedIn={s} />
          )}
        </Suspense>
      )}
    </SessionGate>
  );
}
