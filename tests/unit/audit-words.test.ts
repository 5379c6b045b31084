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
  ] as const)("%o reads “%s”", (patch, words) => {
    expect(whatHappened(entry(patch))).toBe(words);
  });

  it("names who did it once, without brackets inside brackets", () => {
    expect(whoDid({ actor: "Kim", actorRole: "crew" })).toBe("Kim (crew)");
    expect(whoDid({ actor: "Sam (operator)", actorRole: "supervisor" })).toBe("Sam (operator)");
    expect(whoDid({ actor: "system", actorRole: "system" })).toBe("The hub");
  });
});
