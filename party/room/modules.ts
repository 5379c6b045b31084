import {
  MUTATION_TYPES,
  SnapshotMessageSchema,
  doorBoard,
  type Actor,
  type Alert,
  type Effect,
  type FacilityView,
  type Mutation,
  type MutationType,
  type Shift,
} from "../../shared";
import type { SnapshotSlices } from "../hub/facility-hub";
import type { HubStore } from "../hub/store";
import { AlertsJob } from "./alerts-job";
import type { Clock } from "./clock";
import { CutoffJob, SYSTEM } from "./jobs";
import type { RoomKv } from "./kv";
import type { Job } from "./scheduler";
import type { ConnState } from "./socket";

/**
 * One concern of a facility, plugged into the room through this seam. A module names the mutations it owns
 * (their plans are pure functions in `shared/domain/`, run by the client too), brings its timed jobs, and
 * reacts after one of its mutations commits. The room core routes, commits, audits and broadcasts for all
 * of them; the next module (the door board) is one more entry in `facilityModules`.
 */
export interface RoomModule {
  readonly name: string;
  readonly mutations: readonly MutationType[];
  /** Its part of the snapshot every socket and poller starts from, read from the store. */
  readonly slices?: SliceReaders;
  readonly jobs?: readonly Job[];
  /** After one of its mutations committed and was broadcast, before the sender's ack. */
  committed?(mutation: Mutation): void;
  /** After any mutation changed something (every module hears every change, after `committed`). */
  changed?(mutation: Mutation, effect: Effect, at: number): void;
}

/** What a module may ask of the room. */
export interface ModuleContext {
  readonly kv: RoomKv;
  openShift(): Shift | null;
  /** A hub-only change (audited as the actor, broadcast like any tap). */
  apply(mutation: Mutation, who: Actor): void;
  /** The facility's state, or null before it is created. */
  view(): FacilityView | null;
  readonly clock: Clock;
  readonly alertDelayMs?: number | undefined;
  /** Alerts the hub just raised (not ones whose figures changed), for the push job. */
  raised(alerts: Alert[]): void;
  /** Sockets whose session no longer holds hear why and close. */
  closeWhere(match: (s: ConnState) => boolean, why: string): void;
}

type SliceKey = keyof SnapshotSlices;
type SliceReaders = { readonly [K in SliceKey]?: (store: HubStore) => SnapshotSlices[K] };
const SLICE_KEYS = Object.keys(SnapshotMessageSchema.shape).filter(
  (k): k is SliceKey => !["type", "protocol", "seq", "facility"].includes(k),
);

export const carsModule = (): RoomModule => ({
  name: "cars",
  mutations: ["car.add", "car.update", "car.remove", "fleet.import", "fleet.reset"],
  slices: { cars: (store) => store.listCars().map((r) => r.car) },
});

export function shiftsModule(ctx: Pick<ModuleContext, "kv" | "openShift" | "apply">): RoomModule {
  const cutoff = new CutoffJob(ctx.openShift, ctx.kv, ctx.apply);
  return {
    name: "shifts",
    mutations: ["shift.start", "shift.cutoff", "shift.end"],
    slices: { shift: (store) => store.openShift() },
    jobs: [cutoff],
    committed: () => cutoff.refresh(),
  };
}

export const locationsModule = (): RoomModule => ({
  name: "locations",
  // The building's description: its name (an operator's) and its locations (a supervisor's).
  mutations: ["facility.setLocations", "facility.renameLocation", "facility.rename"],
});

/** The unload door board: dock doors and the trailer visits on them; doors do not belong to shifts. */
export const doorsModule = (): RoomModule => ({
  name: "doors",
  mutations: [
    "door.dock",
    "door.set",
    "doors.verify",
    "visit.start",
    "visit.progress",
    "visit.finish",
    "visit.depart",
    "visit.move",
    "visit.fixInitial",
    "visit.note",
    "facility.setDoors",
  ],
  slices: {
    doors: (store) => {
      const stored = new Map(store.listDoors().map((d) => [d.door, d]));
      return doorBoard(store.readFacility()?.facility.doors ?? [], (d) => stored.get(d));
    },
    visits: (store) => store.listVisits(store.openShift()?.startedAt ?? null),
  },
});

export function accessModule(ctx: ModuleContext): RoomModule {
  return {
    name: "access",
    mutations: ["access.rotate", "facility.archive"],
    committed(m) {
      // An archived building keeps its data but nobody's session: every socket hears why and closes.
      if (m.type === "facility.archive") {
        if (m.archived) ctx.closeWhere(() => true, "this building was archived by an operator");
        return;
      }
      if (m.type !== "access.rotate") return;
      // Sessions opened with the old code end now; their phones hear why and sign in again.
      ctx.closeWhere((s) => s.role === m.role && s.gen !== m.gen, `the ${m.role} code was changed; sign in again`);
    },
  };
}

/** Alerts: the hub checks its rules after changes and when one comes due; people acknowledge. */
export function alertsModule(ctx: ModuleContext): RoomModule {
  const job = new AlertsJob({
    view: ctx.view,
    apply: ctx.apply,
    clock: ctx.clock,
    who: SYSTEM,
    delayMs: ctx.alertDelayMs,
  });
  return {
    name: "alerts",
    mutations: ["alerts.check", "alert.ack", "facility.setAlertRules"],
    slices: { alerts: (store) => store.listAlerts() },
    jobs: [job],
    changed(m, effect, at) {
      if (m.type === "alerts.check") {
        const now = new Date(at).toISOString();
        const raised = effect.alerts.filter((a) => a.raisedAt === now);
        if (raised.length > 0) ctx.raised(raised);
      }
      // Its own check and an acknowledgement change no condition.
      if (m.type !== "alerts.check" && m.type !== "alert.ack") job.touch();
    },
  };
}

export const facilityModules = (ctx: ModuleContext): RoomModule[] => [
  carsModule(),
  shiftsModule(ctx),
  locationsModule(),
  accessModule(ctx),
  doorsModule(),
  alertsModule(ctx),
];

/** Which module owns each mutation type; every type exactly once, or the room refuses to start. */
export function ownersOf(modules: readonly RoomModule[]): Map<MutationType, RoomModule> {
  const owners = new Map<MutationType, RoomModule>();
  for (const mod of modules) {
    for (const type of mod.mutations) {
      const other = owners.get(type);
      if (other) throw new Error(`mutation ${type} is claimed by modules ${other.name} and ${mod.name}`);
      owners.set(type, mod);
    }
  }
  const unowned = MUTATION_TYPES.filter((t) => !owners.has(t));
  if (unowned.length > 0) throw new Error(`no module owns ${unowned.join(", ")}`);
  return owners;
}

/** Reads the snapshot's slices from every module; each slice from exactly one, or the room refuses to start. */
export function snapshotSlices(modules: readonly RoomModule[]): (store: HubStore) => SnapshotSlices {
  const readers: { key: SliceKey; read: (store: HubStore) => unknown }[] = [];
  for (const mod of modules) {
    for (const key of SLICE_KEYS) {
      const read = mod.slices?.[key];
      if (!read) continue;
      if (readers.some((r) => r.key === key)) throw new Error(`snapshot slice ${key} is brought by two modules`);
      readers.push({ key, read });
    }
  }
  const missing = SLICE_KEYS.filter((k) => !readers.some((r) => r.key === k));
  if (missing.length > 0) throw new Error(`no module brings the snapshot's ${missing.join(", ")}`);
  return (store) => {
    const out: Partial<Record<SliceKey, unknown>> = {};
    for (const { key, read } of readers) out[key] = read(store);
    if (!isComplete(out)) throw new Error("a module's snapshot slice is missing");
    return out;
  };
}

function isComplete(s: Partial<Record<SliceKey, unknown>>): s is SnapshotSlices {
  return SLICE_KEYS.every((k) => k in s);
}
