import { describe, expect, it } from "vitest";
import {
  applyEffect,
  MutationSchema,
  snapshotOfState,
  viewOf,
  type FacilityState,
  type MutationDraft,
  type Plan,
  type Rejection,
} from "../../shared";
import { REFUSALS } from "../../shared/domain/board-refusals";
import { planMutation } from "../../shared/domain/plan-any";
import { expectDoorInvariants } from "../contract/door-invariants";
import { expand } from "../../web/src/ui/doors/door-words";

const T = (m: number) => new Date(Date.UTC(2026, 11, 1, 22, m)).toISOString();
const crew = { name: "kim", role: "crew" };
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

function board(): FacilityState {
  return {
    facility: { id: "t", name: "T", locations: ["Yard"], doors: ["12", "13", "14"] },
    shift: null,
    seq: 0,
    cars: new Map(),
    doors: new Map(),
    visits: new Map(),
    alerts: new Map(),
  };
}

/** Plans a door mutation on a board and applies it; the board's invariants hold after every step. */
function step(state: FacilityState, m: MutationDraft, minute = 1): { state: FacilityState; plan: Plan } {
  const mutation = MutationSchema.parse({ ...m, mutationId: uuid() });
  const plan = planMutation(viewOf(state), mutation, { actor: crew, now: T(minute), seq: state.seq + 1 });
  const next = plan.ok ? applyEffect(state, plan.effect, state.seq + 1) : state;
  expectDoorInvariants(snapshotOfState(next));
  return { state: next, plan };
}

function ok(state: FacilityState, m: MutationDraft, minute = 1): FacilityState {
  const r = step(state, m, minute);
  if (!r.plan.ok) throw new Error(`${r.plan.code}: ${r.plan.message}`);
  return r.state;
}

function refused(state: FacilityState, m: MutationDraft): Pick<Rejection, "code" | "message" | "words"> {
  const r = step(state, m);
  if (r.plan.ok) throw new Error(`${m.type} was accepted`);
  return { code: r.plan.code, message: r.plan.message, words: r.plan.words };
}

const V1 = "11111111-1111-4111-8111-111111111111";
const V2 = "22222222-2222-4222-8222-222222222222";
const dock = (door: string, visitId = V1, trailer = "53210", initialPercent = 80) =>
  ({ type: "door.dock", door, visitId, trailer, initialPercent }) as const;

describe("the door board's state machine", () => {
  it("docks a trailer, unloads it in steps clamped to what was in it, finishes and departs", () => {
    let s = ok(board(), { ...dock("12"), trailer: " 53210 " });
    const v = () => s.visits.get(V1)!;
    expect(v()).toMatchObject({ trailer: "53210", status: "arrived", remainingPercent: 80, initialPercent: 80 });
    expect(s.doors.get("12")).toMatchObject({ door: "12", state: "occupied", visitId: V1 });
    s = ok(s, { type: "visit.progress", visitId: V1, delta: -10 }, 5);
    expect(v()).toMatchObject({ status: "unloading", remainingPercent: 70, startedAt: T(5) });
    s = ok(s, { type: "visit.progress", visitId: V1, remainingPercent: 95 });
    expect(v().remainingPercent).toBe(80);
    s = ok(s, { type: "visit.progress", visitId: V1, delta: -100 });
    expect(v()).toMatchObject({ remainingPercent: 0, status: "unloading" });
    s = ok(s, { type: "visit.finish", visitId: V1 }, 30);
    expect(v()).toMatchObject({ status: "completed", completedAt: T(30) });
    s = ok(s, { type: "visit.depart", visitId: V1, nextDoorState: "pending" }, 40);
    // No shift is open, so a departed visit leaves the board; the door now waits for the next trailer.
    expect(s.visits.has(V1)).toBe(false);
    expect(s.doors.get("12")).toMatchObject({ door: "12", state: "pending", visitId: null });
  });

  it("refuses every transition the machine does not allow, naming the status", () => {
    let s = ok(board(), dock("12"));
    s = ok(s, { type: "visit.start", visitId: V1 });
    expect(refused(s, { type: "visit.start", visitId: V1 })).toMatchObject({ code: "invalid_transition" });
    s = ok(s, { type: "visit.finish", visitId: V1 });
    expect(refused(s, { type: "visit.finish", visitId: V1 }).message).toMatch(/is completed/);
    expect(refused(s, { type: "visit.progress", visitId: V1, delta: -5 }).code).toBe("invalid_transition");
    expect(refused(s, { type: "visit.start", visitId: V2 }).code).toBe("not_found");
    expect(refused(s, dock("99", V2)).code).toBe("not_found");
  });

  it("finishes straight from arrived, and a trailer can be pulled part-full keeping what is left", () => {
    let s = ok(board(), dock("12"));
    s = ok(s, { type: "visit.finish", visitId: V1 });
    expect(s.visits.get(V1)).toMatchObject({ status: "completed", remainingPercent: 0 });
    s = ok(s, dock("13", V2, "777", 60));
    s = ok(s, { type: "shift.start" }, 2);
    s = ok(s, { type: "visit.progress", visitId: V2, delta: -25 }, 3);
    s = ok(s, { type: "visit.depart", visitId: V2, nextDoorState: "empty" }, 4);
    // Departed during the open shift: still in view, part-full, and never changed again.
    expect(s.visits.get(V2)).toMatchObject({ status: "departed", remainingPercent: 35, departedAt: T(4) });
    expect(s.doors.has("13")).toBe(false);
    expect(refused(s, { type: "visit.note", visitId: V2, note: "late" }).message).toMatch(/has departed/);
    expect(refused(s, { type: "visit.depart", visitId: V2, nextDoorState: "empty" }).code).toBe("invalid_transition");
  });

  it("holds one trailer per door and one door per trailer", () => {
    const s = ok(board(), dock("12"));
    // In English for the old API, and as words (a template and its values) for a screen's language.
    expect(refused(s, dock("12", V2, "999"))).toEqual({
      code: "door_occupied",
      message: "door 12 holds trailer 53210",
      words: { text: REFUSALS.doorHolds, params: { door: "12", trailer: "53210" } },
    });
    expect(refused(s, dock("13", V2, "53210"))).toMatchObject({ code: "conflict", message: /door 12/ });
    expect(refused(s, dock("13", V1, "999")).code).toBe("already_exists");
    expect(refused(s, { type: "door.set", door: "12", state: "empty" }).code).toBe("door_occupied");
  });

  it("moves a trailer to a free door, leaving the old one empty", () => {
    let s = ok(board(), dock("12"));
    s = ok(s, { type: "door.set", door: "14", state: "pending" });
    s = ok(s, { type: "visit.move", visitId: V1, toDoor: "14" });
    expect(s.visits.get(V1)!.door).toBe("14");
    expect(s.doors.get("14")).toMatchObject({ door: "14", state: "occupied", visitId: V1 });
    expect(s.doors.has("12")).toBe(false);
    s = ok(s, dock("12", V2, "888"));
    expect(refused(s, { type: "visit.move", visitId: V1, toDoor: "12" }).code).toBe("door_occupied");
  });

  it("fixes how full a trailer was only with a reason, lowering what is left", () => {
    let s = ok(board(), dock("12"));
    s = ok(s, { type: "visit.progress", visitId: V1, remainingPercent: 70 });
    const bad = MutationSchema.safeParse({
      type: "visit.fixInitial",
      mutationId: uuid(),
      visitId: V1,
      initialPercent: 50,
      reason: "x",
    });
    expect(bad.success).toBe(false);
    s = ok(s, { type: "visit.fixInitial", visitId: V1, initialPercent: 50, reason: "was half empty" });
    expect(s.visits.get(V1)).toMatchObject({ initialPercent: 50, remainingPercent: 50 });
  });

  it("refuses a blank trailer, a percent out of range and two progress values at once", () => {
    const parse = (m: object) => MutationSchema.safeParse({ mutationId: uuid(), ...m }).success;
    expect(parse({ ...dock("12"), trailer: "" })).toBe(false);
    expect(parse({ ...dock("12"), trailer: "53 210" })).toBe(false);
    expect(parse({ ...dock("12"), initialPercent: 101 })).toBe(false);
    expect(parse({ ...dock("12"), initialPercent: 0 })).toBe(true);
    expect(parse({ type: "visit.progress", visitId: V1, delta: -5, remainingPercent: 3 })).toBe(false);
    expect(parse({ type: "visit.progress", visitId: V1 })).toBe(false);
  });

  it("keeps the door board when a shift ends, and stores it with the shift", () => {
    let s = ok(board(), { type: "shift.start" });
    s = ok(s, dock("12"), 2);
    const mutation = MutationSchema.parse({ type: "shift.end", mutationId: uuid() });
    const plan = planMutation(viewOf(s), mutation, { actor: crew, now: T(50), seq: s.seq + 1 });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.effect.endedShift?.doorBoard.stats).toEqual({ docked: 1, unloaded: 0, departed: 0, atDoors: 1 });
    s = applyEffect(s, plan.effect, s.seq + 1);
    expect(s.doors.get("12")?.state).toBe("occupied");
    expect(s.visits.get(V1)?.status).toBe("arrived");
  });

  it("sweeps the doors all or nothing: same trailer kept, a different one refused by door unless replaced", () => {
    let s = ok(board(), dock("12"));
    const before = s.visits.get(V1)!;
    const sweep = (doors: object[]) => ({ type: "doors.verify", doors }) as MutationDraft;
    s = ok(
      s,
      sweep([
        { door: "12", state: "occupied", trailer: "53210" },
        { door: "13", state: "pending" },
      ]),
    );
    // Re-running the sweep keeps the visit it found (the old module orphaned every one).
    expect(s.visits.get(V1)).toEqual(before);
    expect(s.doors.get("13")?.state).toBe("pending");
    const r = step(
      s,
      sweep([
        { door: "12", state: "occupied", trailer: "999", visitId: V2, initialPercent: 50 },
        { door: "14", state: "occupied", trailer: "444" },
      ]),
    );
    if (r.plan.ok) throw new Error("sweep accepted");
    expect(r.plan.code).toBe("conflict");
    expect(r.plan.doors?.map((d) => d.door)).toEqual(["12", "14"]);
    expect(r.state).toBe(s);
    // A door seen without its trailer is said whole, so a screen has a sentence to translate, not a state.
    const seen = step(s, sweep([{ door: "12", state: "pending" }]));
    expect(seen.plan.ok ? null : seen.plan.doors?.[0]?.words).toEqual({
      text: REFUSALS.sweepSawPending,
      params: { board: "53210" },
    });
    s = ok(
      s,
      sweep([{ door: "12", state: "occupied", trailer: "999", visitId: V2, initialPercent: 50, replace: true }]),
    );
    expect(s.doors.get("12")).toMatchObject({ door: "12", state: "occupied", visitId: V2 });
    expect(s.visits.has(V1)).toBe(false);
  });

  it("edits the door list, refusing to drop a door with a trailer on it", () => {
    let s = ok(board(), dock("12"));
    s = ok(s, { type: "door.set", door: "14", state: "pending" });
    expect(refused(s, { type: "facility.setDoors", doors: ["13", "14"] })).toMatchObject({
      code: "door_in_use",
      message: /door 12 \(trailer 53210\)/,
    });
    s = ok(s, { type: "facility.setDoors", doors: ["12", "13", "A-1"] });
    expect(s.facility.doors).toEqual(["12", "13", "A-1"]);
    expect(s.doors.has("14")).toBe(false);
  });
});

describe("the doors editor's list", () => {
  it("reads ranges and labels in the order typed", () => {
    expect(expand("9-12, North-1 7")).toEqual(["9", "10", "11", "12", "North-1", "7"]);
    // A backwards or huge "range" is a label, which the door list's own check then refuses.
    expect(expand("12-9")).toEqual(["12-9"]);
  });
});
