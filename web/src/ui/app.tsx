import { Chooser } from "./chooser";
import { Handheld } from "./handheld";
import { SessionGate } from "./session-gate";
import { Wall } from "./wall";

export function App() {
  const path = location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (path[0] !== "f" || !path[1]) return <Chooser />;
  const fid = path[1];
  const wall = path[2] === "wall";
  return (
    <SessionGate fid={fid} wall={wall}>
      {(s) =>
        // A display code opens the wall view only, wherever it is used.
        wall || s.session.role === "display" ? <Wall fid={fid} signedIn={s} /> : <Handheld fid={fid} signedIn={s} />
      }
    </SessionGate>
  );
}
