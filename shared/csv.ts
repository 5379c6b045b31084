import Papa from "papaparse";
import { CarIdSchema, type AuditEntry, type Car } from "./domain/schemas";
import type { ImportRow } from "./domain/mutations";
import { LIMITS } from "./domain/limits";
import { byCarId } from "./domain/rules";
import { statusOf } from "./domain/rules";

/** Header words the old tracker accepted, lower-cased, spaces kept. */
const ALIASES: Record<string, "id" | "location" | "arrived" | "status" | "late" | "empty" | "notes"> = {
  id: "id",
  "car id": "id",
  car: "id",
  carnumber: "id",
  car_id: "id",
  packagecar: "id",
  location: "location",
  lane: "location",
  dock: "location",
  arrived: "arrived",
  status: "status",
  late: "late",
  empty: "empty",
  notes: "notes",
};

export interface CsvProblem {
  /** 1-based line in the file. */
  line: number;
  reason: string;
}

export interface ParsedCsv {
  rows: (ImportRow & { line: number })[];
  problems: CsvProblem[];
}

/** A cell starting with one of these could run as a formula in a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Export side: a leading apostrophe makes a spreadsheet show the text instead of running it.
 * A cell that already starts with one gets another, so `restore` can tell them apart.
 */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) || cell.startsWith("'") ? `'${cell}` : cell;
}

/** Import side: undoes `neutralise`, so an export read back gives the same text. */
function restore(cell: string): string {
  return cell.startsWith("'") && (FORMULA_START.test(cell.slice(1)) || cell[1] === "'") ? cell.slice(1) : cell;
}

function truthy(cell: string, word: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (v === "") return null;
  if (["true", "1", "yes", word].includes(v)) return true;
  if (["false", "0", "no"].includes(v)) return false;
  return null;
}

/**
 * Reads the old tracker's CSV (RFC 4180: quoted commas, quotes and line breaks),
 * with or without a header row (without one, the columns are id,location).
 * Every row that cannot be used is reported with its line and why; nothing is guessed.
 */
export function parseCarsCsv(text: string, locations: readonly string[]): ParsedCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const problems: CsvProblem[] = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 1, reason: e.message }));
  const table = parsed.data;
  if (table.length === 0) return { rows: [], problems: [{ line: 1, reason: "the file has no rows" }] };

  const header = table[0]!.map((h) => ALIASES[h.trim().toLowerCase()]);
  const hasHeader = header.some((h) => h === "id");
  const columns = hasHeader ? header : (["id", "location"] as const);
  const body = hasHeader ? table.slice(1) : table;
  const seen = new Map<string, number>();
  const rows: ParsedCsv["rows"] = [];
  if (body.length > LIMITS.importRowsMax) {
    problems.push({ line: 1, reason: `more than ${LIMITS.importRowsMax} cars in one file` });
  }
  body.slice(0, LIMITS.importRowsMax).forEach((cells, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const cell = (name: string) => {
      const at = columns.indexOf(name as never);
      return at >= 0 ? restore(cells[at] ?? "") : undefined;
    };
    const rawId = cell("id") ?? "";
    const id = CarIdSchema.safeParse(rawId);
    if (!id.success) {
      // The bad value itself, so the supervisor can find it in the file.
      const why = id.error.issues[0]?.message ?? "bad car id";
      return problems.push({ line, reason: `"${rawId.slice(0, 40)}" is not a car id: ${why}` });
    }
    if (seen.has(id.data))
      return problems.push({ line, reason: `car ${id.data} is already on line ${seen.get(id.data)}` });
    const row: ImportRow & { line: number } = { id: id.data, line };
    const location = cell("location")?.trim();
    if (location) {
      if (!locations.includes(location)) return problems.push({ line, reason: `unknown location "${location}"` });
      row.location = location;
    }
    for (const [field, word] of [
      ["arrived", "arrived"],
      ["late", "late"],
      ["empty", "empty"],
    ] as const) {
      const raw = cell(field) ?? (field === "arrived" ? cell("status") : undefined);
      if (raw === undefined || raw.trim() === "") continue;
      const value = field === "arrived" && cell("arrived") === undefined ? statusWord(raw) : truthy(raw, word);
      if (value === null) return problems.push({ line, reason: `"${raw.trim()}" is not a yes/no for ${field}` });
      row[field] = value;
    }
    if (row.empty === true && row.arrived === false)
      return problems.push({ line, reason: "a car cannot be empty and not arrived" });
    const notes = cell("notes");
    if (notes) {
      if (notes.length > LIMITS.notesMax)
        return problems.push({ line, reason: `notes are longer than ${LIMITS.notesMax} characters` });
      row.notes = notes;
    }
    seen.set(id.data, line);
    rows.push(row);
  });
  return { rows, problems };
}

/** The old "status" column: Arrived/On site/Empty/Completed mean arrived; Pending means not. */
function statusWord(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (["arrived", "on site", "empty", "completed"].includes(v)) return true;
  if (["pending", "late"].includes(v)) return false;
  return truthy(raw, "arrived");
}

export const EXPORT_COLUMNS = [
  "Car ID",
  "Location",
  "Status",
  "Arrived",
  "Arrived At",
  "Empty",
  "Emptied At",
  "Late",
  "Notes",
  "Last Updated",
];

const yesNo = (b: boolean) => (b ? "Yes" : "No");

/** The board with the old tracker's columns, every cell neutralised against formula injection. */
export function exportCarsCsv(cars: readonly Car[]): string {
  const data = [...cars]
    .sort(byCarId)
    .map((c) =>
      [
        c.id,
        c.location,
        statusOf(c),
        yesNo(c.arrived),
        c.arrivedAt ?? "",
        yesNo(c.empty),
        c.emptyAt ?? "",
        yesNo(c.late),
        c.notes,
        c.updatedAt,
      ].map(neutralise),
    );
  // Papa quotes a cell only when it holds a comma, a quote or a line break.
  return Papa.unparse({ fields: EXPORT_COLUMNS, data }, { newline: "\r\n" });
}

export const AUDIT_COLUMNS = ["Time", "Car ID", "Action", "Field", "Old", "New", "Person", "Role"];

/** Audit rows as a spreadsheet, newest first, neutralised like the board. */
export function exportAuditCsv(entries: readonly AuditEntry[]): string {
  const data = entries.map((e) =>
    [e.at, e.carId, e.action, e.field, e.oldValue ?? "", e.newValue ?? "", e.actor, e.actorRole].map(neutralise),
  );
  return Papa.unparse({ fields: AUDIT_COLUMNS, data }, { newline: "\r\n" });
}
