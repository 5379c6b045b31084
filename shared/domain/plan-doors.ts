import { REFUSALS } from "./board-refusals";
import type { Mutation } from "./mutations";
import type { VerifiedDoor } from "./door-mutations";
import { VISIT_NEXT, type Door, type FreeDoorState, type Visit, type VisitStatus } from "./doors";
import { emptyEffect, reject, type AuditDraft, type FacilityView, type MutationContext, type Plan } from "./plan";
import { unreachable } from "../parse";

type DoorMutation = Extract<
  Mutation,
  {
    type:
      | "door.dock"
      | "visit.start"
      | "visit.progress"
      | "visit.finish"
      | "visit.depart"
      | "visit.move"
      | "visit.fixInitial"
      | "visit.note"
      | "door.set"
      | "doors.verify";
  }
>;
type Refusal = Extract<Plan, { ok: false }>;

/**
 * The door board's changes, drafted over the current state: each step reads what the steps before it wrote,
 * so the sweep (many doors, all or nothing) is the single steps run in a row. The draft's doors, visits and
 * audit rows become the effect; nothing is written until the whole plan holds.
 */
class DoorDraft {
  readonly doors = new Map<string, Door>();
  readonly visits = new Map<string, Visit>();
  readonly audit: AuditDraft[] = [];
  #view: FacilityView;
  #ctx: MutationContext;

  constructor(view: FacilityView, ctx: MutationContext) {
    this.#view = view;
    this.#ctx = ctx;
  }

  door(label: string): Door | Refusal {
    if (!this.#view.facility.doors.includes(label)) {
      return reject("not_found", REFUSALS.doorMissing, { door: label });
    }
    return this.doors.get(label) ?? this.#view.getDoor(label);
  }

  visit(id: string): Visit | Refusal {
    const v = this.visits.get(id) ?? this.#view.getVisit(id);
    return v ?? reject("not_found", REFUSALS.visitMissing, { visit: id });
  }

  /** The door a trailer stands at now, other than `except`. */
  trailerAt(trailer: string, exceptVisit?: string): Visit | undefined {
    const drafted = [...this.visits.values()];
    const ids = new Set(drafted.map((v) => v.visitId));
    const all = [...drafted, ...this.#view.activeVisits().filter((v) => !ids.has(v.visitId))];
    return all.find((v) => v.trailer === trailer && v.status !== "departed" && v.visitId !== exceptVisit);
  }

  setDoor(door: Door, state: Door["state"], visitId: string | null, trailer: string): void {
    if (door.state === state && door.visitId === visitId) return;
    const since = door.state === state && door.since ? door.since : this.#ctx.now;
    this.doors.set(
      door.door,
      state === "empty" ? { door: door.door, state, visitId } : { ...door, state, visitId, since },
    );
    if (door.state !== state) this.#row(door.door, trailer, "state", door.state, state);
  }

  /** A visit after a change; version and who follow every change. */
  put(before: Visit | null, next: Omit<Visit, "version" | "updatedAt" | "updatedBy">): Visit {
    const v: Visit = {
      ...next,
      version: (before?.version ?? 0) + 1,
      updatedAt: this.#ctx.now,
      updatedBy: this.#ctx.actor.name,
    };
    this.visits.set(v.visitId, v);
    return v;
  }

  #row(door: string, trailer: string, name: string, oldValue: string | null, newValue: string | null): void {
    this.audit.push({ carId: "", door, trailer, field: `${door}/${name}`, oldValue, newValue });
  }

  row(v: Pick<Visit, "door" | "trailer">, name: string, oldValue: string | null, newValue: string | null): void {
    this.#row(v.door, v.trailer, name, oldValue, newValue);
  }

  dock(door: Door, visitId: string, trailer: string, origin: string, initial: number): Refusal | null {
    if (door.state === "occupied") {
      const on = this.visits.get(door.visitId!) ?? this.#view.getVisit(door.visitId!);
      return reject("door_occupied", REFUSALS.doorHolds, {
        door: door.door,
        trailer: on?.trailer ?? "?",
      });
    }
    if (this.visits.has(visitId) || this.#view.getVisit(visitId)) {
      return reject("already_exists", REFUSALS.visitExists, { visit: visitId });
    }
    const elsewhere = this.trailerAt(trailer);
    if (elsewhere) return reject("conflict", REFUSALS.trailerElsewhere, { trailer, door: elsewhere.door });
    const now = this.#ctx.now;
    const v = this.put(null, {
      visitId,
      door: door.door,
      trailer,
      origin,
      initialPercent: initial,
      remainingPercent: initial,
      status: "arrived",
      dockedAt: now,
      startedAt: null,
      completedAt: null,
      departedAt: null,
      notes: [],
      shiftId: this.#view.shift?.id ?? null,
    });
    this.setDoor(door, "occupied", visitId, trailer);
    this.row(v, "trailer", null, trailer);
    if (origin) this.row(v, "origin", null, origin);
    this.row(v, "initial", null, `${initial}%`);
    return null;
  }

  status(v: Visit, to: VisitStatus, extra: Partial<Visit> = {}): Visit {
    const now = this.#ctx.now;
    const stamps: Partial<Visit> =
      to === "unloading"
        ? { startedAt: now }
        : to === "completed"
          ? { completedAt: now, startedAt: v.startedAt ?? now }
          : to === "departed"
            ? { departedAt: now }
            : {};
    const next = this.put(v, { ...v, ...stamps, ...extra, status: to });
    this.row(v, "status", v.status, to);
    if (next.remainingPercent !== v.remainingPercent) {
      this.row(v, "left", `${v.remainingPercent}%`, `${next.remainingPercent}%`);
    }
    return next;
  }

  depart(v: Visit, next: FreeDoorState): Refusal | null {
    const door = this.door(v.door);
    if ("ok" in door) return door;
    this.status(v, "departed");
    this.setDoor(door, next, null, v.trailer);
    return null;
  }

  effect() {
    const effect = emptyEffect();
    effect.doors = [...this.doors.values()];
    effect.visits = [...this.visits.values()];
    effect.audit = this.audit;
    return effect;
  }

  get ctx(): MutationContext {
    return this.#ctx;
  }
}

const done = (d: DoorDraft, refusal: Refusal | null = null): Plan => refusal ?? { ok: true, effect: d.effect() };

function transitionRefusal(v: Visit, to: VisitStatus): Refusal | null {
  if (VISIT_NEXT[v.status].includes(to)) return null;
  return reject("invalid_transition", REFUSALS.visitStep, {
    trailer: v.trailer,
    door: v.door,
    status: v.status,
    to,
  });
}

/** Decides what a door-board mutation does (the door list itself is planned beside the locations). */
export function planDoorMutation(view: FacilityView, m: DoorMutation, ctx: MutationContext): Plan {
  const d = new DoorDraft(view, ctx);
  if (m.type === "door.dock") {
    const door = d.door(m.door);
    if ("ok" in door) return door;
    return done(d, d.dock(door, m.visitId, m.trailer, m.origin ?? "", m.initialPercent));
  }
  if (m.type === "door.set") {
    const door = d.door(m.door);
    if ("ok" in door) return door;
    if (door.state === "occupied") return reject("door_occupied", REFUSALS.doorTaken, { door: m.door });
    d.setDoor(door, m.state, null, "");
    return done(d);
  }
  if (m.type === "doors.verify") return planVerify(d, m.doors);
  const v = d.visit(m.visitId);
  if ("ok" in v) return v;
  if (v.status === "departed") {
    const gone = { trailer: v.trailer, door: v.door };
    return reject("invalid_transition", REFUSALS.visitDeparted, gone);
  }
  switch (m.type) {
    case "visit.start":
      return done(d, transitionRefusal(v, "unloading") ?? (d.status(v, "unloading"), null));
    case "visit.progress": {
      if (v.status === "completed") return transitionRefusal(v, "unloading")!;
      const wanted = m.remainingPercent ?? v.remainingPercent + m.delta!;
      const left = Math.min(v.initialPercent, Math.max(0, wanted));
      if (v.status === "arrived") d.status(v, "unloading", { remainingPercent: left, progressAt: ctx.now });
      else if (left !== v.remainingPercent) {
        d.put(v, { ...v, remainingPercent: left, progressAt: ctx.now });
        d.row(v, "left", `${v.remainingPercent}%`, `${left}%`);
      }
      return done(d);
    }
    case "visit.finish":
      return done(d, transitionRefusal(v, "completed") ?? (d.status(v, "completed", { remainingPercent: 0 }), null));
    case "visit.depart":
      return done(d, d.depart(v, m.nextDoorState));
    case "visit.move": {
      if (m.toDoor === v.door) return done(d);
      const to = d.door(m.toDoor);
      if ("ok" in to) return to;
      if (to.state === "occupied") return reject("door_occupied", REFUSALS.doorTaken, { door: m.toDoor });
      const from = d.door(v.door);
      if ("ok" in from) return from;
      d.setDoor(from, "empty", null, v.trailer);
      d.put(v, { ...v, door: m.toDoor });
      d.row({ door: m.toDoor, trailer: v.trailer }, "door", v.door, m.toDoor);
      d.setDoor(to, "occupied", v.visitId, v.trailer);
      return done(d);
    }
    case "visit.fixInitial": {
      if (m.initialPercent === v.initialPercent) return done(d);
      const left = Math.min(v.remainingPercent, m.initialPercent);
      d.put(v, { ...v, initialPercent: m.initialPercent, remainingPercent: left });
      d.row(v, "initial", `${v.initialPercent}%`, `${m.initialPercent}% (${m.reason})`);
      if (left !== v.remainingPercent) d.row(v, "left", `${v.remainingPercent}%`, `${left}%`);
      return done(d);
    }
    case "visit.note": {
      if (v.notes.length >= 50) return reject("invalid_message", REFUSALS.visitNotesFull, { trailer: v.trailer });
      d.put(v, { ...v, notes: [...v.notes, { at: ctx.now, by: ctx.actor.name, text: m.note }] });
      d.row(v, "note", null, m.note);
      return done(d);
    }
    default:
      return unreachable(m, "door mutation");
  }
}

/**
 * The start-of-night sweep: every door as observed, all or nothing. A door already holding the observed trailer
 * keeps its visit; one holding another trailer is refused unless `replace`, which departs the old visit first.
 * Every refusal is collected, so the person sweeping sees each door that needs a second look.
 */
function planVerify(d: DoorDraft, observed: VerifiedDoor[]): Plan {
  const refused: NonNullable<Refusal["doors"]> = [];
  for (const o of observed) {
    const bad = verifyOne(d, o);
    if (bad) refused.push({ door: o.door, message: bad.message, ...(bad.words ? { words: bad.words } : {}) });
  }
  if (refused.length === 0) return done(d);
  // The whole message for the old API and the logs; screens show the doors one by one, each in its words.
  const all = refused.map((r) => `door ${r.door}: ${r.message}`).join("; ");
  return {
    ...reject("conflict", REFUSALS.sweepRefused, { n: refused.length }),
    message: all,
    doors: refused,
  };
}

function verifyOne(d: DoorDraft, o: VerifiedDoor): Refusal | null {
  const door = d.door(o.door);
  if ("ok" in door) return door;
  const current = door.visitId ? d.visit(door.visitId) : null;
  const on = current && !("ok" in current) ? current : null;
  if (on && o.state === "occupied" && on.trailer === o.trailer) return null;
  if (on) {
    if (!o.replace && o.state === "occupied") {
      const saw = { board: on.trailer, seen: o.trailer ?? "?" };
      return reject("conflict", REFUSALS.sweepSawTrailer, saw);
    }
    if (!o.replace) {
      const saw = o.state === "pending" ? REFUSALS.sweepSawPending : REFUSALS.sweepSawEmpty;
      return reject("conflict", saw, { board: on.trailer });
    }
    const gone = d.depart(on, "empty");
    if (gone) return gone;
  }
  const now = d.door(o.door);
  if ("ok" in now) return now;
  if (o.state !== "occupied") {
    d.setDoor(now, o.state, null, "");
    return null;
  }
  if (o.visitId === undefined || o.initialPercent === undefined) {
    return reject("invalid_message", REFUSALS.newTrailerNeeds);
  }
  return d.dock(now, o.visitId, o.trailer!, o.origin ?? "", o.initialPercent);
}
