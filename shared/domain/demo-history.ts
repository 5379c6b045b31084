import type { Mutation, MutationDraft } from "./mutations";
import type { Actor } from "./schemas";
import { DEFAULT_DOORS, DEFAULT_LOCATIONS, DEMO_CAR_IDS } from "./limits";

/** One step of the demo building's past: a mutation as a person (or the hub) made it, at a time in the past. */
export interface HistoryStep {
  at: number;
  actor: Actor;
  mutation: Mutation;
}

/** In a history step's `shift.cutoff`: the shift open when the step is played. */
export const SHIFT_PLAYED = 0;
const SYSTEM: Actor = { name: "system", role: "system" };
const MIN = 60_000;
const HOUR = 60 * MIN;
const SUPERVISORS = ["Sam", "Rosa"];
const CREW = ["Kim", "Luis", "Dana", "Marco", "Ana"];
const LANES = DEFAULT_LOCATIONS.filter((l) => l !== "Yard" && l !== "Shop");
const HANDOFFS = [
  "All in; 128450 mirror taped, needs the shop.",
  "Two cars late off the west routes; both emptied by 23:40.",
  "Door 14 leveler sticks, used 15 and 16 instead.",
  "Quiet night. Yard swept.",
  "Heavy Monday volume; trailer 53210 came in 100% and took 2 h.",
  "690045 flat tyre on arrival, parked in Shop.",
  "Short crew; unloading ran 30 min past the cut-off.",
];

/** A small deterministic generator, so every fresh demo has the same past (and tests can count on it). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The demo building's last `nights` shifts, oldest first, ending before `nowMs`: each evening a supervisor starts
 * the shift with a cut-off, cars come back over about three hours to their lanes and are emptied, a few miss the
 * cut-off and are flagged late by the hub, trailers are docked and unloaded at the doors, and the shift ends with
 * a handoff note. Played through the real hub with these times, so analytics, shift history and the audit show
 * real shapes on the first start.
 */
export function demoHistory(nowMs: number, nights: number): HistoryStep[] {
  const rnd = random(20261201);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const steps: HistoryStep[] = [];
  const add = (at: number, actor: Actor, mutation: MutationDraft) =>
    steps.push({ at, actor, mutation: { ...mutation, mutationId: uuid(rnd) } as Mutation });
  const midnight = Math.floor(nowMs / (24 * HOUR)) * 24 * HOUR;
  for (let n = nights; n >= 1; n--) {
    // Evenings start at 18:00 UTC, so the newest night has ended well before now.
    const start = midnight - n * 24 * HOUR - 6 * HOUR;
    const boss = { name: pick(SUPERVISORS), role: "supervisor" };
    const cutoff = start + 3 * HOUR;
    add(start, boss, { type: "shift.start", notes: `Night ${nights - n + 1}`, cutoff: new Date(cutoff).toISOString() });
    const events: { at: number; actor: Actor; m: MutationDraft }[] = [];
    const late: string[] = [];
    for (const id of DEMO_CAR_IDS) {
      const who = { name: pick(CREW), role: "crew" };
      // Most cars return between 30 min and 3 h in; a few come after the cut-off.
      const comesLate = rnd() < 0.08;
      const back = start + (comesLate ? 3 * HOUR + 10 * MIN + rnd() * 50 * MIN : 30 * MIN + rnd() * 150 * MIN);
      if (comesLate) late.push(id);
      events.push({
        at: back,
        actor: who,
        m: { type: "car.update", carId: id, patch: { arrived: true, location: pick(LANES) } },
      });
      if (rnd() < 0.8) {
        const emptied = back + (15 + rnd() * 75) * MIN;
        events.push({ at: emptied, actor: who, m: { type: "car.update", carId: id, patch: { empty: true } } });
      }
      if (rnd() < 0.04) {
        const note = pick(["Left mirror cracked", "Check engine light on", "Door sticks", "Needs fuel"]);
        events.push({ at: back + MIN, actor: who, m: { type: "car.update", carId: id, patch: { notes: note } } });
      }
    }
    // The hub flags the cars not in by the cut-off; they arrive later in the list above.
    // The shift's id is the seq that opened it, known only as the history is played: SHIFT_PLAYED stands for it.
    events.push({ at: cutoff, actor: SYSTEM, m: { type: "shift.cutoff", shiftId: SHIFT_PLAYED } });
    const doors = [...DEFAULT_DOORS].sort(() => rnd() - 0.5);
    for (let t = 0; t < 3; t++) {
      const door = doors[t]!;
      const visitId = uuid(rnd);
      const docked = start + (20 + rnd() * 120) * MIN;
      const who = { name: pick(CREW), role: "crew" };
      const trailer = String(53000 + n * 10 + t);
      events.push({
        at: docked,
        actor: who,
        m: {
          type: "door.dock",
          door,
          visitId,
          trailer,
          origin: pick(["ATL", "MEM", "LOU", "DFW"]),
          initialPercent: pick([60, 80, 100]),
        },
      });
      const steps = 3 + Math.floor(rnd() * 4);
      for (let s = 1; s <= steps; s++) {
        events.push({
          at: docked + s * (15 + rnd() * 10) * MIN,
          actor: who,
          m: { type: "visit.progress", visitId, delta: -20 },
        });
      }
      const done = docked + (steps + 1) * 25 * MIN;
      events.push({ at: done, actor: who, m: { type: "visit.finish", visitId } });
      events.push({ at: done + 10 * MIN, actor: who, m: { type: "visit.depart", visitId, nextDoorState: "empty" } });
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events) add(e.at, e.actor, e.m);
    add(start + 5 * HOUR, boss, { type: "shift.end", notes: pick(HANDOFFS) });
  }
  return steps;
}

/** A version-4 UUID from the generator (the demo's ids repeat across fresh starts, which is the point). */
function uuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rnd() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
