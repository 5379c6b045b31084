import { Chooser } from "./chooser";
import { DoorBoardPage } from "./doors/door-board";
import { Handheld } from "./handheld";
import { SessionGate } from "./session-gate";
import { SupervisorPage, type SupervisorView } from "./supervisor/supervisor-page";
import { Wall } from "./wall";

function supervisorView(rest: string[]): SupervisorView | null {
  if (rest[0] === "audit") return { kind: "audit" };
  if (rest[0] === "analytics") return { kind: "analytics" };
  if (rest[0] === "shifts" && rest[1] && /^\d+$/.test(rest[1])) return { kind: "shift", id: Number(rest[1]) };
  if (rest[0] === "shifts") return { kind: "shifts" };
  return null;
}

/** A mistyped address (`/f/%E0`) is a building nobody has, not a blank page. */
function decodeOrKeep(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function App() {
  const path = location.pathname.split("/").filter(Boolean).map(decodeOrKeep);
  if (path[0] !== "f" || !path[1]) return <Chooser />;
  const fid = path[1];
  const wall = path[2] === "wall";
  const doors = path[2] === "doors";
  const view = supervisorView(path.slice(2));
  return (
    <SessionGate fid={fid} wall={wall}>
      {(s) =>
        view ? (
          <SupervisorPage fid={fid} view={view} signedIn={s} />
        ) : // A display code opens the wall view only, wherever it is used.
        wall || s.session.role === "display" ? (
          <Wall fid={fid} signedIn={s} />
        ) : doors ? (
          <DoorBoardPage fid={fid} signedIn={s} />
        ) : (
          <Handheld fid={fid} signedIn={s} />
        )
      }
    </SessionGate>
  );
}
