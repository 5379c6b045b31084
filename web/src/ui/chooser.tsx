import { useEffect, useState } from "react";

export function Chooser() {
  const [facilities, setFacilities] = useState<{ id: string; name: string }[] | null>(null);
  useEffect(() => {
    fetch("/api/facilities")
      .then((r) => r.json())
      .then((b: { facilities?: { id: string; name: string }[] }) => setFacilities(b.facilities ?? []))
      .catch(() => setFacilities([]));
  }, []);
  return (
    <main className="chooser">
      <h1>Car Tracker</h1>
      <p>Choose your building.</p>
      {facilities === null ? <p>Loading…</p> : null}
      <ul>
        {(facilities ?? []).map((f) => (
          <li key={f.id}>
            <a href={`/f/${f.id}`}>{f.name}</a> · <a href={`/f/${f.id}/wall`}>wall screen</a>
          </li>
        ))}
      </ul>
      {facilities?.length === 0 ? (
        <p>
          No facility yet: start the hub with <code>npm start</code> to get the demo.
        </p>
      ) : null}
    </main>
  );
}
