import type { AuditEntry } from "../../../shared";

const ROLE_WORDS: Record<string, string> = { crew: "crew", supervisor: "supervisor", display: "wall screen" };

/** Who did it, once: "Kim (crew)", "Sam (operator)" (the mark already says it), "The hub" for its own changes. */
export function whoDid(e: Pick<AuditEntry, "actor" | "actorRole">): string {
  if (e.actorRole === "system") return "The hub";
  if (/\(operator\)$/.test(e.actor)) return e.actor;
  return `${e.actor} (${ROLE_WORDS[e.actorRole] ?? e.actorRole})`;
}

/** A changed field in a supervisor's words, after the person: "marked 128489 late", "moved 128489 from Yard to 200". */
export function whatHappened(e: AuditEntry): string {
  if (e.door !== "") return doorHappened(e);
  const car = e.carId;
  const yes = e.newValue === "true";
  const added = e.oldValue === null && (e.action === "car.add" || e.action === "fleet.import");
  // Ending a shift or resetting the board clears every car's flags; say why, not just what.
  const why = e.action === "shift.end" ? "end of shift" : e.action === "fleet.reset" ? "board reset" : null;
  switch (e.field) {
    case "arrived":
      if (added) return `added ${car} as arrived`;
      if (why && !yes) return `put ${car} back to pending (${why})`;
      return yes ? `marked ${car} arrived` : `marked ${car} not arrived`;
    case "late":
      if (e.action === "shift.cutoff") return `flagged ${car} late at the cut-off`;
      if (added) return `added ${car} as late`;
      if (why && !yes) return `cleared late on ${car} (${why})`;
      return yes ? `marked ${car} late` : `marked ${car} not late`;
    case "empty":
      if (added) return `added ${car} as empty`;
      if (why && !yes) return `cleared empty on ${car} (${why})`;
      return yes ? `marked ${car} empty` : `marked ${car} not empty`;
    case "location":
      if (added) return `added ${car} at ${e.newValue ?? "?"}`;
      return `moved ${car} from ${e.oldValue ?? "?"} to ${e.newValue ?? "?"}`;
    case "notes":
      return e.newValue ? `wrote on ${car}: “${e.newValue}”` : `cleared the note on ${car}`;
    case "car":
      return `removed ${car}${e.oldValue ? ` (it stood at ${e.oldValue})` : ""}`;
    case "shift":
      return e.oldValue === null ? `started shift ${shiftNo(e.newValue)}` : `ended shift ${shiftNo(e.newValue)}`;
    case "locations":
      return `set the locations to ${(e.newValue ?? "").split("|").join(", ")}`;
    case "doors":
      return `set the dock doors to ${(e.newValue ?? "").split("|").join(", ")}`;
  }
  const code = /^(display|crew|supervisor) code$/.exec(e.field);
  if (code) return `replaced the ${ROLE_WORDS[code[1]!]} code`;
  return `changed ${e.field}${car ? ` of ${car}` : ""} from ${e.oldValue ?? "nothing"} to ${e.newValue ?? "nothing"}`;
}

const shiftNo = (v: string | null) => (v ?? "").replace(/^\D+/, "#");

const DOOR_STATE_WORDS: Record<string, string> = {
  empty: "empty",
  pending: "expecting a trailer",
  occupied: "taken",
};

/** A door-board row: "moved trailer 53210 from door 12 to door 14", "unloaded 10% more of trailer 53210". */
function doorHappened(e: AuditEntry): string {
  const name = e.field.slice(e.field.indexOf("/") + 1);
  const trailer = `trailer ${e.trailer}`;
  const door = `door ${e.door}`;
  switch (name) {
    case "trailer":
      return `docked ${trailer} at ${door}`;
    case "origin":
      return `noted ${trailer} came from ${e.newValue ?? "?"}`;
    case "initial":
      if (e.oldValue === null) return `docked ${trailer} ${e.newValue ?? "?"} full`;
      return `corrected how full ${trailer} was: ${e.oldValue} → ${e.newValue ?? "?"}`;
    case "left": {
      const before = parseInt(e.oldValue ?? "", 10);
      const after = parseInt(e.newValue ?? "", 10);
      if (after < before) return `unloaded ${before - after}% more of ${trailer} (${after}% left)`;
      return `set ${trailer} to ${e.newValue ?? "?"} left`;
    }
    case "status":
      switch (e.newValue) {
        case "unloading":
          return `started unloading ${trailer} at ${door}`;
        case "completed":
          return `finished unloading ${trailer} at ${door}`;
        case "departed":
          return `pulled ${trailer} from ${door}`;
      }
      return `set ${trailer} to ${e.newValue ?? "?"}`;
    case "door":
      return `moved ${trailer} from door ${e.oldValue ?? "?"} to door ${e.newValue ?? "?"}`;
    case "note":
      return `wrote on ${trailer}: “${e.newValue ?? ""}”`;
    case "state":
      return `set ${door} to ${DOOR_STATE_WORDS[e.newValue ?? ""] ?? e.newValue ?? "?"}`;
  }
  return `changed ${name} at ${door} from ${e.oldValue ?? "nothing"} to ${e.newValue ?? "nothing"}`;
}
