import Papa from "papaparse";
import { USAGE_COUNTS, type UsageDay } from "../../shared/ops";

/** The usage table as a spreadsheet opens it: one row per building and day, the counts, then taps by role. */
export function usageCsv(rows: UsageDay[]): string {
  const roles = [...new Set(rows.flatMap((r) => Object.keys(r.byRole)))].sort();
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.byType)))].sort();
  const header = ["building", "day", ...USAGE_COUNTS, ...roles.map((r) => `taps by ${r}`), ...types];
  const data = rows.map((r) => [
    r.facility,
    r.day,
    ...USAGE_COUNTS.map((c) => r[c]),
    ...roles.map((role) => r.byRole[role] ?? 0),
    ...types.map((t) => r.byType[t] ?? 0),
  ]);
  return Papa.unparse({ fields: header, data });
}
