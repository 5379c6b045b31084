import { lazy, Suspense } from "react";
import { t } from "../i18n/i18n";
import { routeParts } from "../route";
import { Chooser } from "./chooser";
import { Handheld } from "./handheld";
import { SessionGate } from "./session-gate";
import type { SupervisorView } from "./supervisor/supervisor-page";

// The board is what a handheld opens first; the wall, the door board and the supervisor's pages load when opened.
const Wall = lazy(() => import("./wall").then((m) => ({ default: m.Wall })));
const DoorBoardPage = lazy(() => import("./doors/door-board").then((m) => ({ default: m.DoorBoardPage })));
// The operator's console, with Chart.js, only for those who open /ops.
const OpsPage = lazy(() => import("./ops/ops-page"));
const SupervisorPage = lazy(() => import("./supervisor/supervisor-page").then((m) => ({ default: m.SupervisorPage })));

function supervisorView(rest: string[]): SupervisorView | null {
  if (rest[0] === "audit") return { kind: "audit" };
  if (rest[0] === "analytics") return { kind: "analytics" };
  if (rest[0] === "shifts" && rest[1] && /^\d+$/.test(rest[1])) return { kind: "shift", id: Number(rest[1]) };
  if (rest[0] === "shifts") return { kind: "shifts" };
  return null;
}

/** The home-screen icon's shortcuts (manifest.webmanifest) name a screen; the building is the last one used here. */
function shortcutTarget(): string | null {
  const open = new URLSearchParams(location.search).get("open");
  const fid = localStorage.getItem("ct.lastFacility");
  if (!fid || (open !== "board" && open !== "doors")) return null;
  return `/f/${encodeURIComponent(fid)}${open === "doors" ? "/doors" : ""}`;
}

export function App() {
  const path = routeParts(location.pathname);
  const shortcut = path.length === 0 ? shortcutTarget() : null;
  if (shortcut) {
    location.replace(shortcut);
    return null;
  }
  if (path[0] === "ops") {
    return (
      <Suspense fallback={<p className="checking">{t("Loading…")}</p>}>
        <OpsPage />
      </Suspense>
    );
  }
  if (path[0] !== "f" || !path[1]) return <Chooser />;
  const fid = path[1];
  const wall = path[2] === "wall";
  const doors = path[2] === "doors";
  const view = supervisorView(path.slice(2));
  return (
    <SessionGate fid={fid} wall={wall}>
      {(s) => (
        <Suspense fallback={<p className="checking">{t("Loading…")}</p>}>
          {view ? (
            <SupervisorPage fid={fid} view={view} signedIn={s} />
          ) : // A display code opens the wall view only, wherever it is used.
          wall || s.session.role === "display" ? (
            <Wall fid={fid} signedIn={s} />
          ) : doors ? (
            <DoorBoardPage fid={fid} signedIn={s} />
          ) : (
            <Handheld fid={fid} signedIn={s} />
          )}
        </Suspense>
      )}
    </SessionGate>
  );
}
