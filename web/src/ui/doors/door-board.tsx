import { AlertBar } from "../alerts/alert-bar";
import { useEffect, useMemo, useState } from "react";
import { doorBoard, type Mutation, type MutationDraft } from "../../../../shared";
import { ConnectionPill } from "../connection-pill";
import { NightToggle } from "../night-toggle";
import type { SignedIn } from "../session-gate";
import { useAuthWatch, useFacility, useFacilityState, useShownState } from "../use-facility";
import { DoorCard } from "./door-card";
import { DoorSweep } from "./door-sweep";
import { useT } from "../../i18n/i18n";
import { useLoadLater, type Later } from "../later";
import { LanguageSwitch } from "../language-switch";
import { RejectionLines } from "../rejection-lines";
import { ScreenWait } from "../screen-wait";

function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

const doorOf = (m: Mutation): string | null => ("door" in m ? m.door : null);

/** Its refusals come with its own code (by door number); a sign-in and polls come later (the alert bar loads its own). */
const SHOWN_LATER: readonly Later[] = ["signIn", "httpFallback"];

/** The unload door board on a handheld: every dock door, what stands there and how much is left. */
export function DoorBoardPage({ fid, signedIn }: { fid: string; signedIn: SignedIn }) {
  const t = useT();
  const { name, role } = signedIn.session;
  const { store, send } = useFacility(fid, name);
  useAuthWatch(store, signedIn.lost);
  const shown = useShownState(store, name);
  useLoadLater(shown !== null, SHOWN_LATER);
  const mode = useFacilityState(store, (s) => s.mode);
  const pending = useFacilityState(store, (s) => s.pending);
  const rejections = useFacilityState(store, (s) => s.rejections);
  const fatal = useFacilityState(store, (s) => s.fatal);
  const now = useMinuteClock();
  // A push or an alert opens one door: /f/<fid>/doors?door=12.
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(location.search).get("door"));
  const [sweeping, setSweeping] = useState(false);

  const doors = useMemo(() => (shown ? doorBoard(shown.facility.doors, (d) => shown.doors.get(d)) : []), [shown]);
  if (fatal || !shown)
    return (
      <ScreenWait kind="handheld" fatal={fatal} title={t("Door board")}>
        <p>{t("Loading {{fid}}…", { fid })}</p>
        <ConnectionPill mode={mode} waiting={pending.length} />
      </ScreenWait>
    );

  const tap = (m: MutationDraft) => send({ ...m, mutationId: crypto.randomUUID() } as Mutation);
  const visitOf = (id: string | null) => (id ? shown.visits.get(id) : undefined);
  const waitingVisits = new Set(pending.flatMap((m) => ("visitId" in m ? [m.visitId] : [])));
  const waitingDoors = new Set(pending.flatMap((m) => (doorOf(m) ? [doorOf(m)!] : [])));
  const free = doors.filter((d) => d.state !== "occupied").map((d) => d.door);
  const active = [...shown.visits.values()].filter((v) => v.status !== "departed");
  const sweepRejection = [...rejections].reverse().find((r) => r.mutation.type === "doors.verify");
  const others = rejections.filter((r) => r !== sweepRejection);

  return (
    <main className="handheld doors-page">
      <header className="topbar">
        <h1>
          {t("Doors")} · {shown.facility.name}
        </h1>
        <ConnectionPill mode={mode} waiting={pending.length} />
        <NightToggle />
        <LanguageSwitch />
      </header>
      <p className="presence">
        <span className="whoami">
          {name} · {t(role)}
        </span>{" "}
        · <a href={`/f/${fid}`}>{t("Cars")}</a>
      </p>
      <p className="door-summary" data-testid="door-summary">
        {t("{{at}} at doors · {{unloading}} unloading · {{expecting}} expecting · {{free}} free", {
          at: active.length,
          unloading: active.filter((v) => v.status === "unloading").length,
          expecting: doors.filter((d) => d.state === "pending").length,
          free: free.length,
        })}
      </p>
      <AlertBar
        fid={fid}
        alerts={[...shown.alerts.values()]}
        canAck={role === "supervisor"}
        onAck={(key) => tap({ type: "alert.ack", key })}
        onOpenCar={(id) => location.assign(`/f/${fid}?car=${encodeURIComponent(id)}`)}
      />
      <RejectionLines rejections={others} dismiss={(id) => store.getState().dismissRejection(id)} />
      {role !== "display" ? (
        <div className="mode-row">
          <button type="button" aria-expanded={sweeping} onClick={() => setSweeping(!sweeping)}>
            {t("Check every door")}
          </button>
        </div>
      ) : null}
      {sweeping ? (
        <DoorSweep
          doors={doors}
          visits={shown.visits}
          refused={sweepRejection?.doors ?? null}
          send={(m) => {
            if (sweepRejection) store.getState().dismissRejection(sweepRejection.mutation.mutationId);
            tap(m);
          }}
          onClose={() => setSweeping(false)}
        />
      ) : null}
      <ul className="door-list" aria-label={t("Doors")}>
        {doors.map((d) => (
          <DoorCard
            key={d.door}
            fid={fid}
            door={d}
            visit={visitOf(d.visitId)}
            now={now}
            waiting={waitingDoors.has(d.door) || (d.visitId !== null && waitingVisits.has(d.visitId))}
            freeDoors={free}
            supervisor={role === "supervisor"}
            open={open === d.door}
            onToggle={() => setOpen(open === d.door ? null : d.door)}
            send={tap}
          />
        ))}
      </ul>
    </main>
  );
}
