import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../shared";
import { whatHappened, whoDid } from "../../web/src/ui/audit-words";

const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  carId: "128489",
  action: "car.update",
  field: "late",
  oldValue: "false",
  newValue: "true",
  actor: "Kim",
  door: "",
  trailer: "",
  actorRole: "crew",
  at: "2026-11-30T21:00:00.000Z",
  mutationId: "m",
  ...e,
});

describe("the audit in a supervisor's words", () => {
  it.each([
    [{}, "marked 128489 late"],
    [{ oldValue: "true", newValue: "false" }, "marked 128489 not late"],
    [{ action: "shift.cutoff" }, "flagged 128489 late at the cut-off"],
    [{ field: "arrived" }, "marked 128489 arrived"],
    [
      { field: "arrived", action: "shift.end", oldValue: "true", newValue: "false" },
      "put 128489 back to pending (end of shift)",
    ],
    [{ field: "empty" }, "marked 128489 empty"],
    [
      { field: "empty", action: "fleet.reset", oldValue: "true", newValue: "false" },
      "cleared empty on 128489 (board reset)",
    ],
    [{ field: "location", oldValue: "Yard", newValue: "200" }, "moved 128489 from Yard to 200"],
    [{ field: "location", action: "car.add", oldValue: null, newValue: "Yard" }, "added 128489 at Yard"],
    [{ field: "notes", oldValue: "", newValue: "flat tyre" }, "wrote on 128489: “flat tyre”"],
    [{ field: "notes", oldValue: "flat tyre", newValue: "" }, "cleared the note on 128489"],
    [{ field: "car", action: "car.remove", oldValue: "300", newValue: null }, "removed 128489 (it stood at 300)"],
    [{ carId: "", field: "shift", action: "shift.start", oldValue: null, newValue: "started #4" }, "started shift #4"],
    [
      { carId: "", field: "shift", action: "shift.end", oldValue: "started #4", newValue: "ended #4" },
      "ended shift #4",
    ],
    [
      { carId: "", field: "crew code", action: "access.rotate", oldValue: null, newValue: "replaced (#2)" },
      "replaced the crew code",
    ],
    [
      { carId: "", field: "locations", oldValue: "Yard|100", newValue: "Yard|100|200" },
      "set the locations to Yard, 100, 200",
    ],
    [{ carId: "", field: "doors", oldValue: "9|10", newValue: "9|10|11" }, "set the dock doors to 9, 10, 11"],
  ] as const)("%o reads “%s”", (patch, words) => {
    expect(whatHappened(entry(patch))).toBe(words);
  });

  const row = (field: string, oldValue: string | null, newValue: string | null, door = "12") =>
    entry({ carId: "", door, trailer: "53210", field: `${door}/${field}`, oldValue, newValue, action: "visit.x" });
  it.each([
    [row("trailer", null, "53210"), "docked trailer 53210 at door 12"],
    [row("initial", null, "80%"), "docked trailer 53210 80% full"],
    [row("initial", "80%", "60% (half cages)"), "corrected how full trailer 53210 was: 80% → 60% (half cages)"],
    [row("left", "80%", "70%"), "unloaded 10% more of trailer 53210 (70% left)"],
    [row("status", "arrived", "unloading"), "started unloading trailer 53210 at door 12"],
    [row("status", "unloading", "completed"), "finished unloading trailer 53210 at door 12"],
    [row("status", "completed", "departed"), "pulled trailer 53210 from door 12"],
    [row("door", "12", "14", "14"), "moved trailer 53210 from door 12 to door 14"],
    [row("note", null, "straps loose"), "wrote on trailer 53210: “straps loose”"],
    [row("state", "occupied", "pending"), "set door 12 to expecting a trailer"],
  ])("a door-board row reads “%s”", (e, words) => {
    expect(whatHappened(e)).toBe(words);
  });

  const alertRow = (field: string, oldValue: string | null, newValue: string, about: Partial<AuditEntry> = {}) =>
    entry({ carId: "", field, oldValue, newValue, action: "alerts.check", actorRole: "system", ...about });
  it.each([
    [alertRow("alert/notEmpty:128489", null, "raised", { carId: "128489" }), "raised the alert “car 128489 not empty”"],
    [alertRow("alert/cutoff:7", "raised", "acknowledged"), "acknowledged the alert “cars not in at the cut-off”"],
    [
      alertRow("alert/stalled:v-1", "acknowledged", "cleared", { door: "12", trailer: "53210" }),
      "cleared the alert “trailer 53210 not progressing”",
    ],
    [
      alertRow("alert/doorPending:14", "raised", "cleared", { door: "14" }),
      "cleared the alert “door 14 waiting for a trailer”",
    ],
    [
      alertRow("alert rule/notEmpty", "on, 45 min", "on, 60 min"),
      "set the alert “Car arrived but not empty” from 45 min to 60 min",
    ],
    [alertRow("alert rule/atDoor", "on, 180 min", "off"), "set the alert “Trailer long at a door” from 180 min to off"],
  ])("an alert row reads “%s”", (e, words) => {
    expect(whatHappened(e)).toBe(words);
  });

  it("names who did it once, without brackets inside brackets", () => {
    expect(whoDid({ actor: "Kim", actorRole: "crew" })).toBe("Kim (crew)");
    expect(whoDid({ actor: "Sam (operator)", actorRole: "supervisor" })).toBe("Sam (operator)");
    expect(whoDid({ actor: "system", actorRole: "system" })).toBe("The hub");
  });
});
