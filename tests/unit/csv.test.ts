import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blankCar, DEFAULT_LOCATIONS, type Car } from "../../shared";
import { exportCarsCsv, parseCarsCsv } from "../../shared/csv";

const LOCS = [...DEFAULT_LOCATIONS];

describe("CSV import", () => {
  it("reads quoted fields with commas, quotes and line breaks (RFC 4180)", () => {
    const text = 'car id,lane,notes\r\n128489,300,"dent, left side"\r\n128421,Yard,"says ""hi""\nsecond line"\r\n';
    const { rows, problems } = parseCarsCsv(text, LOCS);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { id: "128489", location: "300", notes: "dent, left side", line: 2 },
      { id: "128421", location: "Yard", notes: 'says "hi"\nsecond line', line: 3 },
    ]);
  });

  it("accepts the old header aliases and truthy words, and no header at all", () => {
    const withHeader = parseCarsCsv(
      "PackageCar,Dock,Status,Late,Empty\n1,100,arrived,late,no\n2,200,Pending,0,\n",
      LOCS,
    );
    expect(withHeader.problems).toEqual([]);
    expect(withHeader.rows).toEqual([
      { id: "1", location: "100", arrived: true, late: true, empty: false, line: 2 },
      { id: "2", location: "200", arrived: false, late: false, line: 3 },
    ]);
    const bare = parseCarsCsv("128489,300\n128421\n", LOCS);
    expect(bare.rows).toEqual([
      { id: "128489", location: "300", line: 1 },
      { id: "128421", line: 2 },
    ]);
  });

  it("names every bad row with its line and reason, and keeps the good ones", () => {
    const text =
      "id,location,arrived,empty\nok-1,Yard,yes,\nbad id!,Yard,,\nok-2,Mars,,\nok-1,100,,\nok-3,100,perhaps,\nok-4,100,false,true\n";
    const { rows, problems } = parseCarsCsv(text, LOCS);
    expect(rows.map((r) => r.id)).toEqual(["ok-1"]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(problems[1]!.reason).toContain("Mars");
    expect(problems[2]!.reason).toContain("line 2");
    expect(problems[3]!.reason).toContain("perhaps");
  });

  it("reads 5,000 rows", () => {
    const lines = ["id,location,arrived"];
    for (let i = 0; i < 5000; i++) lines.push(`C-${i},${LOCS[i % LOCS.length]},${i % 2 ? "yes" : "no"}`);
    const { rows, problems } = parseCarsCsv(lines.join("\n"), LOCS);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(5000);
  });
});

describe("CSV export", () => {
  const car = (over: Partial<Car>): Car => ({
    ...blankCar("X", "Yard", "2026-11-24T06:00:00.000Z", "ana"),
    version: 1,
    ...over,
  });

  it("writes the old columns, status by precedence, Yes/No", () => {
    const csv = exportCarsCsv([
      car({ id: "A", arrived: true, empty: true, emptyAt: "t2", arrivedAt: "t1" }),
      car({ id: "B", late: true }),
    ]);
    const [head, a, b] = csv.split("\r\n");
    expect(head).toBe("Car ID,Location,Status,Arrived,Arrived At,Empty,Emptied At,Late,Notes,Last Updated");
    expect(a).toBe("A,Yard,Empty,Yes,t1,Yes,t2,No,,2026-11-24T06:00:00.000Z");
    expect(b).toBe("B,Yard,Late,No,,No,,Yes,,2026-11-24T06:00:00.000Z");
  });

  it("neutralises cells that a spreadsheet would run as a formula", () => {
    const csv = exportCarsCsv([
      car({ id: "F", notes: '=HYPERLINK("http://x")' }),
      car({ id: "-5", notes: "@SUM(1)" }),
      car({ id: "T", notes: "\tx" }),
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'-5,");
    expect(csv).toContain("'@SUM(1)");
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
  });

  it("gives back the same board when an export is imported", () => {
    const noteArb = fc.oneof(
      fc.constant(""),
      fc.string({ maxLength: 40 }),
      fc.constantFrom("=1+1", "+x", "-y", "@z", "a,b", 'q"q', "line\nbreak", "'quoted", "'=not a formula", "''"),
    );
    const carArb = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/),
      location: fc.constantFrom(...LOCS),
      arrived: fc.boolean(),
      late: fc.boolean(),
      empty: fc.boolean(),
      notes: noteArb,
    });
    fc.assert(
      fc.property(fc.uniqueArray(carArb, { selector: (c) => c.id, maxLength: 20 }), (cars) => {
        const board = cars.map((c) =>
          car({
            ...c,
            notes: c.notes.trim() === "" ? "" : c.notes,
            arrived: c.arrived || c.empty,
            late: c.empty ? false : c.late,
          }),
        );
        const { rows, problems } = parseCarsCsv(exportCarsCsv(board), LOCS);
        expect(problems).toEqual([]);
        const back = rows.map(({ line: _l, ...r }) => ({ ...r, notes: r.notes ?? "" }));
        const expected = board.map((c) => ({
          id: c.id,
          location: c.location,
          arrived: c.arrived,
          late: c.late,
          empty: c.empty,
          notes: c.notes,
        }));
        const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
        expect(back.sort(byId)).toEqual(expected.sort(byId));
      }),
      { numRuns: 200 },
    );
  });
});
