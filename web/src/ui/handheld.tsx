import { Disclosure } from "./disclosure";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useCardHandlers } from "./board-cards";
import { CarWindow, WINDOW_FROM } from "./car-window";
import { presenceTotal, type Car, type CarPatch, type Mutation } from "../../../shared";
import type { Rejection } from "../store/facility-store";
import { CarCard } from "./car-card";
import { FILTERS, type Filter } from "./car-status";
import { useBoardLists } from "./use-board-lists";
import { BoardFilters, type View } from "./board-filters";
import { ConnectionPill } from "./connection-pill";
import { NightToggle } from "./night-toggle";
import { ShiftLine } from "./shift-line";
import { SummaryBar } from "./summary-bar";
import type { SignedIn } from "./session-gate";
import { useAuthWatch, useFacility, useFacilityState, useShownState } from "./use-facility";
import { clockTime, lang, useT } from "../i18n/i18n";
import { LanguageSwitch } from "./language-switch";
import { ScreenWait } from "./screen-wait";
import { AlertBar } from "./alerts/alert-bar";
import { LATER, optional, useLoadLater, type Later } from "./later";

const uuid = () => crypto.randomUUID();

// What is not the board runs when first opened or shown: the scan panel (devices with a scanner), the push offer
// (supervisors, once), the tools (adding, CSV, the supervisor's editors), refused taps and others' waiting taps. The page prefetches each
// (web/vite.config.ts), so it opens at once, offline too. The alert bar loads its own (alerts/alert-bar.tsx).
const SHOWN_LATER: readonly Later[] = ["signIn", "rejectionLines", "othersWaiting", "httpFallback"];
const OthersWaiting = lazy(() => LATER.othersWaiting().then((m) => ({ default: m.OthersWaiting })));
const RejectionLines = lazy(() => LATER.rejectionLines().then((m) => ({ default: m.RejectionLines })));
const ScanPanel = lazy(() => import("./scan-panel").then((m) => ({ default: m.ScanPanel })));
// With the board (supervisors): a chunk that cannot come means no offer this time, not an error screen.
const PushOffer = optional(() => import("./alerts/push-offer").then((m) => m.PushOffer));
const HandheldTools = lazy(() => import("./handheld-tools").then((m) => ({ default: m.HandheldTools })));
/** The car a refused tap was about, if it was about one. */
const carOf = (r: Rejection): string | null => ("carId" in r.mutation ? r.mutation.carId : null);

function remembered<T extends string>(key: string, fallback: T): T {
  return (localStorage.getItem(key) as T | null) ?? fallback;
}

export function Handheld({ fid, signedIn }: { fid: string; signedIn: SignedIn }) {
  const t = useT();
  const { name, role } = signedIn.session;
  const supervisor = role === "supervisor";
  const { store, send, adopt } = useFacility(fid, name);
  useAuthWatch(store, signedIn.lost);
  const shown = useShownState(store, name);
  useLoadLater(shown !== null, SHOWN_LATER);
  const mode = useFacilityState(store, (s) => s.mode);
  const pending = useFacilityState(store, (s) => s.pending);
  const rejections = useFacilityState(store, (s) => s.rejections);
  const presence = useFacilityState(store, (s) => s.presence);
  const fatal = useFacilityState(store, (s) => s.fatal);
  const confirmed = useFacilityState(store, (s) => s.confirmed);
  const staleSince = useFacilityState(store, (s) => s.staleSince);
  const othersWaiting = useFacilityState(store, (s) => s.othersWaiting);

  const [view, setView] = useState<View>(() => remembered("ct.view", "board"));
  const [filter, setFilter] = useState<Filter>("all");
  const [chips, setChips] = useState<string[]>([]);
  // A push or an alert opens one car: /f/<fid>?car=128489 shows it, open.
  const asked = new URLSearchParams(location.search).get("car");
  const [search, setSearch] = useState(asked ?? "");
  const [scanMode, setScanMode] = useState(() => localStorage.getItem("ct.scan") === "1");
  const [toolsOpen, setToolsOpen] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  // Kept here, not in each row: a car moved to another location changes lanes and stays open.
  const [openCars, setOpenCars] = useState<ReadonlySet<string>>(() => new Set(asked ? [asked] : []));
  useEffect(() => localStorage.setItem("ct.lastFacility", fid), [fid]);
  // Alerts pushed to this phone follow the language it is switched to.
  const speaking = lang();
  // Loaded here, not imported: push is no part of the first board (it is in the alert list's chunk too).
  useEffect(() => void import("../net/push").then((push) => push.pushSpeaks(fid, speaking)), [fid, speaking]);
  const openCar = (id: string) => {
    setFilter("all");
    setChips([]);
    setSearch(id);
    setOpenCars(new Set([id]));
  };
  const toggleCar = (id: string) =>
    setOpenCars((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const { cars, visible, lanes } = useBoardLists(shown, filter, chips, search);
  const windowed = visible.length > WINDOW_FROM;
  // Cars in the lanes drawn so far, as the lanes are drawn below: each lane's first guess of what is on screen.
  let above = 0;
  const alerts = useMemo(() => (shown ? [...shown.alerts.values()] : []), [shown]);
  const pendingIds = new Set(pending.flatMap((m) => ("carId" in m ? [m.carId] : [])));
  const patch = (car: Car, p: CarPatch, via?: "scan") => {
    const base = confirmed?.cars.get(car.id)?.car.version;
    send({
      type: "car.update",
      mutationId: uuid(),
      carId: car.id,
      patch: p,
      ...(base !== undefined ? { baseVersion: base } : {}),
      ...(via ? { via } : {}),
    });
  };
  const retry = (r: Rejection) => {
    store.getState().dismissRejection(r.mutation.mutationId);
    const m: Mutation =
      r.mutation.type === "car.update" && r.car
        ? { ...r.mutation, mutationId: uuid(), baseVersion: r.car.version }
        : { ...r.mutation, mutationId: uuid() };
    send(m);
  };
  const handlers = useCardHandlers(store, { patch, retry, send, toggleCar });

  if (fatal || !shown)
    return (
      <ScreenWait kind="handheld" fatal={fatal}>
        <p>{t("Loading {{fid}}…", { fid })}</p>
        <ConnectionPill mode={mode} waiting={pending.length} />
      </ScreenWait>
    );

  const byCar = new Map(
    rejections.flatMap((r) => {
      const id = carOf(r);
      return id === null ? [] : [[id, r] as const];
    }),
  );
  const card = (car: Car) => (
    <CarCard
      key={car.id}
      fid={fid}
      car={car}
      locations={shown.facility.locations}
      pending={pendingIds.has(car.id)}
      rejection={byCar.get(car.id)}
      canRemove={supervisor}
      canSeeHistory={role !== "display"}
      open={openCars.has(car.id)}
      inLane={view !== "list"}
      {...handlers}
    />
  );
  const otherRejections = rejections.filter((r) => carOf(r) === null || !cars.some((c) => c.id === carOf(r)));

  const shiftActions = {
    onStart: (notes: string, cutoff: string | undefined) =>
      send({ type: "shift.start", mutationId: uuid(), ...(notes ? { notes } : {}), ...(cutoff ? { cutoff } : {}) }),
    onEnd: (notes: string) => send({ type: "shift.end", mutationId: uuid(), ...(notes ? { notes } : {}) }),
    carCount: cars.length,
    onReset: () => send({ type: "fleet.reset", mutationId: uuid() }),
  };

  return (
    <main className="handheld">
      <header className="topbar">
        <h1>{shown.facility.name}</h1>
        <ConnectionPill mode={mode} waiting={pending.length} />
        <NightToggle />
        <LanguageSwitch />
        <button type="button" onClick={() => signedIn.signOut(pending.length)}>
          {t("Sign out")}
        </button>
      </header>
      <p className="presence">
        <span className="whoami" data-testid="whoami">
          {name} · {t(role)}
        </span>
        {/* Who is connected is known only over the socket; offline or polling, an old count would mislead. */}
        {mode === "live" ? (
          <span data-testid="presence">
            {" · "}
            {t("{{n}} connected", { n: presenceTotal(presence) })}
            {presence.users.length ? `: ${[...new Set(presence.users.map((u) => u.name))].join(", ")}` : ""}
            {presenceTotal(presence) > presence.users.length
              ? ` ${t("+{{n}} more", { n: presenceTotal(presence) - presence.users.length })}`
              : ""}
          </span>
        ) : null}
      </p>
      {/* Not while the first connection is being made: every start would flash "Not connected" for a moment. */}
      {staleSince !== null && mode !== "connecting" ? (
        <p className="stale" role="status" data-testid="stale">
          {t("Not connected: showing what this device saw at {{time}}. Taps are kept and sent when the hub is back.", {
            time: clockTime(staleSince, true),
          })}
        </p>
      ) : null}
      {othersWaiting.length > 0 ? (
        <Suspense fallback={null}>
          <OthersWaiting waiting={othersWaiting} onAdopt={adopt} />
        </Suspense>
      ) : null}
      <AlertBar
        fid={fid}
        alerts={alerts}
        canAck={supervisor}
        onAck={(key) => send({ type: "alert.ack", mutationId: uuid(), key })}
        onOpenCar={openCar}
      />
      {supervisor ? (
        <Suspense fallback={null}>
          <PushOffer fid={fid} />
        </Suspense>
      ) : null}
      <ShiftLine shift={shown.shift} />
      <SummaryBar cars={cars} />
      {otherRejections.length > 0 ? (
        <Suspense fallback={null}>
          <RejectionLines rejections={otherRejections} dismiss={(id) => store.getState().dismissRejection(id)} />
        </Suspense>
      ) : null}
      <div className="mode-row">
        <button
          type="button"
          className="scan-toggle"
          aria-pressed={scanMode}
          aria-label={t("Scan mode")}
          onClick={() => (localStorage.setItem("ct.scan", scanMode ? "0" : "1"), setScanMode(!scanMode))}
        >
          {t("Scan")}
        </button>
        <a className="button-link" href={`/f/${fid}/doors`}>
          {t("Doors")}
        </a>
        {/* Everything that is not the board lives behind this one button, so the board comes first. */}
        <button
          type="button"
          className="tools-toggle"
          aria-expanded={toolsOpen}
          aria-controls="tools"
          onClick={() => setToolsOpen(!toolsOpen)}
        >
          {supervisor ? t("Supervisor tools") : t("Add car, export")}
        </button>
      </div>
      {scanMode ? (
        <Suspense fallback={<p>{t("Loading…")}</p>}>
          <ScanPanel
            cars={new Map(cars.map((c) => [c.id, c]))}
            locations={shown.facility.locations}
            onPatch={(id, p, scanned) => {
              const car = cars.find((c) => c.id === id);
              if (car) patch(car, p, scanned ? "scan" : undefined);
            }}
            onAdd={(id, location) =>
              send({ type: "car.add", mutationId: uuid(), carId: id, arrived: true, ...(location ? { location } : {}) })
            }
          />
        </Suspense>
      ) : null}
      {toolsOpen ? (
        <Suspense fallback={<p>{t("Loading…")}</p>}>
          <HandheldTools fid={fid} supervisor={supervisor} shown={shown} cars={cars} send={send} shift={shiftActions} />
        </Suspense>
      ) : null}
      <Disclosure
        open={filtersOpen}
        onOpenChange={setFiltersOpen}
        className="filters"
        label={`${t("Filters:")} ${t(FILTERS.find((f) => f.id === filter)?.label ?? "All")}${chips.length ? ` · ${chips.join(", ")}` : ""}${search.trim() ? ` · "${search.trim()}"` : ""}`}
      >
        <BoardFilters
          filter={filter}
          setFilter={setFilter}
          chips={chips}
          setChips={setChips}
          locations={shown.facility.locations}
          search={search}
          setSearch={setSearch}
          view={view}
          setView={setView}
        />
      </Disclosure>
      {/* Said while filtering; a full board needs no line saying so above its first car. */}
      {filtersOpen || visible.length !== cars.length ? (
        <p className="count" aria-live="polite" data-testid="shown-count">
          {t("{{shown}} of {{total}} cars shown", { shown: visible.length, total: cars.length })}
        </p>
      ) : null}
      {view === "list" ? (
        <CarWindow cars={visible} windowed={windowed} keep={openCars} render={card} />
      ) : (
        shown.facility.locations.map((l, i) => {
          const here = lanes[i]!;
          if (here.length === 0) return null;
          const carsAbove = above;
          above += here.length;
          return (
            <section key={l} className="lane" aria-label={t("Location {{name}}", { name: l })}>
              <h2>
                {l} <span className="lane-count">{here.length}</span>
              </h2>
              <CarWindow cars={here} windowed={windowed} keep={openCars} carsAbove={carsAbove} render={card} />
            </section>
          );
        })
      )}
    </main>
  );
}
