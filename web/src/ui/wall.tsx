import { useEffect, useMemo, useState } from "react";
import type { Car } from "../../../shared";
import { statusLabel, totals } from "./car-status";
import { ConnectionPill } from "./connection-pill";
import { shiftLine } from "./shift-bar";
import type { SignedIn } from "./session-gate";
import { useAuthWatch, useFacility, useFacilityState, useShownState } from "./use-facility";

const HIGHLIGHT_MS = 4_000;

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** The TV: read-only, everything visible at once, reconnecting forever on its own. */
export function Wall({ fid, signedIn }: { fid: string; signedIn: SignedIn }) {
  const { store } = useFacility(fid, signedIn.session.name);
  useAuthWatch(store, signedIn.lost);
  const shown = useShownState(store, "wall");
  const mode = useFacilityState(store, (s) => s.mode);
  const lastUpdate = useFacilityState(store, (s) => s.lastUpdate);
  const changedAt = useFacilityState(store, (s) => s.changedAt);
  const fatal = useFacilityState(store, (s) => s.fatal);
  const now = useClock();
  const cars = useMemo(() => (shown ? [...shown.cars.values()].map((r) => r.car) : []), [shown]);

  if (fatal)
    return (
      <main className="wall">
        <h1>Car Tracker</h1>
        <p role="alert">{fatal}</p>
      </main>
    );
  if (!shown)
    return (
      <main className="wall">
        <h1>Car Tracker</h1>
        <p>Connecting…</p>
      </main>
    );

  const t = totals(cars);
  // Fewer columns of larger tiles for a small fleet; more, smaller ones as it grows, never a scrollbar.
  const tile = cars.length <= 60 ? "xl" : cars.length <= 120 ? "l" : cars.length <= 250 ? "m" : "s";
  return (
    <main className={`wall tiles-${tile}`}>
      <header className="wall-top">
        <div>
          <h1>{shown.facility.name}</h1>
          <p className="wall-shift" data-testid="wall-shift">
            {shiftLine(shown.shift, now.getTime())}
          </p>
        </div>
        <dl className="wall-totals">
          <div>
            <dt>Arrived</dt>
            <dd data-testid="wall-arrived">
              {t.arrived}/{t.total}
            </dd>
          </div>
          <div>
            <dt>Pending</dt>
            <dd>{t.pending}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{t.empty}</dd>
          </div>
          <div className="late">
            <dt>Late</dt>
            <dd data-testid="wall-late">{t.late}</dd>
          </div>
        </dl>
        <div className="wall-meta">
          <time className="clock">{now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</time>
          <ConnectionPill mode={mode} waiting={0} />
          <span className="updated">Updated {lastUpdate ? new Date(lastUpdate).toLocaleTimeString() : "—"}</span>
        </div>
      </header>
      <ul className="legend" aria-label="Legend">
        <li className="status-pending">Pending</li>
        <li className="status-on-site">On site</li>
        <li className="status-completed">Completed</li>
        <li className="is-late">Late</li>
      </ul>
      <div className="wall-lanes">
        {shown.facility.locations.map((l) => {
          const here = cars.filter((c) => c.location === l).sort((a, b) => a.id.localeCompare(b.id));
          return (
            // A lane's width follows its car count, so a full yard and empty doors share one screen.
            <section
              key={l}
              className="wall-lane"
              aria-label={`Location ${l}`}
              style={{ flexGrow: Math.max(1, here.length) }}
            >
              <h2>
                {l} <span>{here.length}</span>
              </h2>
              <ul>
                {here.map((c) => (
                  <Tile key={c.id} car={c} fresh={now.getTime() - (changedAt[c.id] ?? 0) < HIGHLIGHT_MS} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </main>
  );
}

function Tile({ car, fresh }: { car: Car; fresh: boolean }) {
  const status = statusLabel(car).replace(" ", "-").toLowerCase();
  const late = car.late && !car.empty;
  return (
    <li
      className={`tile status-${status}${late ? " is-late" : ""}${fresh ? " fresh" : ""}`}
      data-car={car.id}
      data-status={status}
    >
      <span className="tile-id">{car.id}</span>
      {late ? <span className="tile-late">LATE</span> : null}
    </li>
  );
}
