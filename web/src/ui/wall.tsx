import { WallAlerts } from "./alerts/wall-alerts";
import { memo, useEffect, useMemo, useState } from "react";
import { byCarId, doorBoard, type Car } from "../../../shared";
import { WallDoors } from "./doors/wall-doors";
import { lanesOf, statusLabel, totals } from "./car-status";
import { ConnectionPill } from "./connection-pill";
import { shiftLine } from "./shift-line";
import type { SignedIn } from "./session-gate";
import { useAuthWatch, useFacility, useFacilityState, useShownState } from "./use-facility";
import { fitWall } from "./wall-fit";
import { useBox } from "./use-box";
import { locale, tx, useT } from "../i18n/i18n";
import { ScreenWait } from "./screen-wait";
import { useLoadLater, type Later } from "./later";

const HIGHLIGHT_MS = 4_000;
/** A wall shows no taps of its own and its own alert strip: only a sign-in after its code is replaced, and polls. */
const SHOWN_LATER: readonly Later[] = ["signIn", "httpFallback"];

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The TV: read-only, everything visible at once, reconnecting forever on its own. */
export function Wall({ fid, signedIn }: { fid: string; signedIn: SignedIn }) {
  const t = useT();
  const { store } = useFacility(fid, signedIn.session.name);
  useAuthWatch(store, signedIn.lost);
  const shown = useShownState(store, "wall");
  useLoadLater(shown !== null, SHOWN_LATER);
  const mode = useFacilityState(store, (s) => s.mode);
  const lastUpdate = useFacilityState(store, (s) => s.lastUpdate);
  const changedAt = useFacilityState(store, (s) => s.changedAt);
  const fatal = useFacilityState(store, (s) => s.fatal);
  const now = useClock();
  const cars = useMemo(() => (shown ? [...shown.cars.values()].map((r) => r.car) : []), [shown]);

  if (fatal || !shown)
    return (
      <ScreenWait kind="wall" fatal={fatal}>
        <p>{t("Connecting…")}</p>
      </ScreenWait>
    );

  const sum = totals(cars);
  return (
    <main className="wall">
      <header className="wall-top">
        <div>
          <h1>{shown.facility.name}</h1>
          <p className="wall-shift" data-testid="wall-shift">
            {shiftLine(shown.shift, now.getTime())}
          </p>
        </div>
        <dl className="wall-totals">
          <div>
            <dt>{t("Arrived")}</dt>
            <dd data-testid="wall-arrived">
              {sum.arrived}/{sum.total}
            </dd>
          </div>
          <div>
            <dt>{t("Pending")}</dt>
            <dd>{sum.pending}</dd>
          </div>
          <div>
            <dt>{t("Completed")}</dt>
            <dd>{sum.empty}</dd>
          </div>
          <div className="late">
            <dt>{t("Late")}</dt>
            <dd data-testid="wall-late">{sum.late}</dd>
          </div>
        </dl>
        <div className="wall-meta">
          <time className="clock">{now.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" })}</time>
          <ConnectionPill mode={mode} waiting={0} />
          <span className="updated">
            {t("Updated {{time}}", { time: lastUpdate ? new Date(lastUpdate).toLocaleTimeString(locale()) : "—" })}
          </span>
        </div>
      </header>
      <WallAlerts alerts={[...shown.alerts.values()]} />
      <ul className="legend" aria-label={t("Legend")}>
        {LEGEND.map(([status, words]) => (
          <li key={status} className={`status-${status}`}>
            <span className="legend-mark" aria-hidden="true">
              {MARK[status]}
            </span>
            {t(words)}
          </li>
        ))}
        <li className="is-late">
          <span className="legend-mark" aria-hidden="true">
            {t("LATE")}
          </span>
          {t("Late")}
        </li>
      </ul>
      <div className="wall-body">
        <Lanes
          locations={shown.facility.locations}
          cars={cars}
          fresh={(id) => now.getTime() - (changedAt[id] ?? 0) < HIGHLIGHT_MS}
        />
        <WallDoors
          doors={doorBoard(shown.facility.doors, (d) => shown.doors.get(d))}
          visits={shown.visits}
          now={now.getTime()}
        />
      </div>
    </main>
  );
}

type Status = "pending" | "on-site" | "completed";
const MARK: Record<Status, string> = { pending: "○", "on-site": "●", completed: "✓" };
const WORDS: Record<Status, string> = { pending: tx("pending"), "on-site": tx("on site"), completed: tx("completed") };
const LEGEND: [Status, string][] = [
  ["pending", tx("Pending")],
  ["on-site", tx("On site")],
  ["completed", tx("Completed")],
];

/** The yard, sized to the screen it is on (see wall-fit.ts): the TV is never scrolled. */
function Lanes({ locations, cars, fresh }: { locations: string[]; cars: Car[]; fresh: (id: string) => boolean }) {
  const t = useT();
  const { ref, box } = useBox<HTMLDivElement>();
  // Sorted lane by lane, a few hundred cars each: sorting the whole fleet on every change instead showed 2–3
  // frames over 50 ms at 2,000 cars and 20 changes a second in bench:web, against 0–1 this way.
  const byLane = useMemo(() => lanesOf(locations, cars).map((lane) => lane.sort(byCarId)), [locations, cars]);
  const fit = useMemo(
    () =>
      box
        ? fitWall(
            box,
            byLane.map((l) => l.length),
          )
        : null,
    [box, byLane],
  );
  const bands = fit ? Array.from({ length: fit.bands }, (_, b) => b) : [];
  // The longest id, its mark and the padding fit the tile's width: bold digits are about 0.72 em wide here.
  const longest = Math.max(6, ...cars.map((c) => c.id.length));
  const fontPx = fit ? Math.floor(Math.min(fit.tileHeight * 0.55, (fit.tile - 16) / (longest * 0.72 + 1.4))) : 16;
  return (
    <div className="wall-lanes" ref={ref}>
      {fit
        ? bands.map((b) => (
            <div className="wall-band" key={b}>
              {locations.map((l, i) => {
                const lane = fit.lanes[i]!;
                if (lane.band !== b) return null;
                const here = byLane[i]!;
                const hidden = here.length - lane.shown;
                return (
                  <section
                    key={l}
                    className={`wall-lane${here.length === 0 ? " is-empty" : ""}`}
                    aria-label={t("Location {{name}}", { name: l })}
                    style={{ width: lane.width }}
                  >
                    <h2>
                      {l} <span>{here.length}</span>
                    </h2>
                    <ul
                      style={{
                        gridTemplateColumns: `repeat(auto-fill, ${fit.tile}px)`,
                        gridAutoRows: `${fit.tileHeight}px`,
                        fontSize: `${fontPx}px`,
                      }}
                    >
                      {here.slice(0, lane.shown).map((c) => (
                        <Tile key={c.id} car={c} fresh={fresh(c.id)} />
                      ))}
                      {hidden > 0 ? <li className="tile tile-more">{t("+{{n}} more", { n: hidden })}</li> : null}
                    </ul>
                  </section>
                );
              })}
            </div>
          ))
        : null}
    </div>
  );
}

// The clock ticks every second and each change re-lays the lanes: a tile whose car and highlight are the same
// is not built again (2,000 cars at 20 changes a second made the TV miss frames).
const Tile = memo(function Tile({ car, fresh }: { car: Car; fresh: boolean }) {
  const t = useT();
  const status = statusLabel(car).replace(" ", "-").toLowerCase() as Status;
  const late = car.late && !car.empty;
  return (
    // Status in a mark and in words as well as colour: a colour-blind reader and a screen reader both know.
    <li
      className={`tile status-${status}${late ? " is-late" : ""}${fresh ? " fresh" : ""}`}
      data-car={car.id}
      data-status={status}
    >
      <span className="tile-mark" aria-hidden="true">
        {MARK[status]}
      </span>
      <span className="tile-id">{car.id}</span>
      <span className="sr-only">
        , {t(WORDS[status])}
        {late ? `, ${t("late")}` : ""}
      </span>
      {late ? (
        <span className="tile-late" aria-hidden="true">
          {t("LATE")}
        </span>
      ) : null}
    </li>
  );
});
