import { useState } from "react";
import { Chooser } from "./chooser";
import { Handheld } from "./handheld";
import { Wall } from "./wall";

/** Who is tapping, until sign-in exists: remembered per device. */
function NameGate({ children }: { children: (name: string) => React.ReactNode }) {
  const [name, setName] = useState(() => localStorage.getItem("ct.name") ?? "");
  const [draft, setDraft] = useState("");
  if (name) return <>{children(name)}</>;
  return (
    <main className="chooser">
      <h1>Car Tracker</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const n = draft.trim().slice(0, 60);
          if (!n) return;
          localStorage.setItem("ct.name", n);
          setName(n);
        }}
      >
        <label>
          <span>Your name</span>
          <input value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
        </label>
        <button type="submit">Start</button>
      </form>
    </main>
  );
}

export function App() {
  const path = location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (path[0] === "f" && path[1] && path[2] === "wall") return <Wall fid={path[1]} />;
  if (path[0] === "f" && path[1]) {
    const fid = path[1];
    return <NameGate>{(name) => <Handheld fid={fid} name={name} />}</NameGate>;
  }
  return <Chooser />;
}
