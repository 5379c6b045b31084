import { useState } from "react";
import { PATCH_FIELDS, type Car, type ImportRow } from "../../../shared";
import { exportCarsCsv, parseCarsCsv, type ParsedCsv } from "../../../shared/csv";
import { Disclosure } from "./disclosure";
import { t, tx, useT } from "../i18n/i18n";

type Kind = "add" | "update" | "same";

/** The fields a row would change on a car already on the board. */
function changedFields(row: ImportRow, car: Car): (typeof PATCH_FIELDS)[number][] {
  return PATCH_FIELDS.filter((f) => row[f] !== undefined && row[f] !== car[f]);
}

function classify(row: ImportRow, car: Car | undefined): Kind {
  if (!car) return "add";
  return changedFields(row, car).length ? "update" : "same";
}

const YES_NO_WORDS: Record<string, [string, string]> = {
  arrived: [tx("arrived"), tx("not arrived")],
  late: [tx("late"), tx("not late")],
  empty: [tx("empty"), tx("not empty")],
};

/** "location Yard → 300, arrived": what an update row does, in words. */
function describeUpdate(row: ImportRow, car: Car): string {
  return changedFields(row, car)
    .map((f) => {
      if (f === "location") return t("location {{from}} → {{to}}", { from: car.location, to: row.location ?? "" });
      if (f === "notes") return t("notes");
      const words = YES_NO_WORDS[f]!;
      return t(row[f] ? words[0] : words[1]);
    })
    .join(", ");
}

/** Export the board, and import a file only after a preview of what it would do. */
export function CsvPanel({
  fid,
  cars,
  locations,
  onImport,
  canImport,
}: {
  canImport: boolean;
  fid: string;
  cars: readonly Car[];
  locations: readonly string[];
  onImport(rows: ImportRow[]): void;
}) {
  useT();
  const [preview, setPreview] = useState<(ParsedCsv & { name: string }) | null>(null);
  const [open, setOpen] = useState(false);
  const byId = new Map(cars.map((c) => [c.id, c]));
  const kinds = preview ? preview.rows.map((r) => classify(r, byId.get(r.id))) : [];
  const count = (k: Kind) => kinds.filter((x) => x === k).length;
  const changes = preview ? preview.rows.filter((_, i) => kinds[i] !== "same") : [];

  const download = () => {
    const blob = new Blob([exportCarsCsv(cars)], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `cars-${fid}-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1_000);
  };

  return (
    <Disclosure
      label={canImport ? t("Import / export CSV") : t("Export CSV")}
      className="csv"
      open={open}
      onOpenChange={setOpen}
    >
      <button type="button" onClick={download}>
        {t("Export board as CSV")}
      </button>
      {canImport ? (
        <label>
          <span>{t("Import a CSV file")}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setPreview({ ...parseCarsCsv(await file.text(), locations), name: file.name });
              e.target.value = "";
            }}
          />
        </label>
      ) : null}
      {preview ? (
        <section aria-label={t("Import preview")} className="preview">
          <p data-testid="import-summary">
            {preview.name}:{" "}
            {t("{{add}} to add, {{update}} to update, {{same}} unchanged, {{bad}} invalid", {
              add: count("add"),
              update: count("update"),
              same: count("same"),
              bad: preview.problems.length,
            })}
          </p>
          {preview.problems.length ? (
            <ul aria-label={t("Invalid rows")} className="problems">
              {preview.problems.map((p, i) => (
                <li key={i}>
                  {t("Line {{n}}:", { n: p.line })} {p.reason}
                </li>
              ))}
            </ul>
          ) : null}
          <ul aria-label={t("Rows to apply")}>
            {changes.slice(0, 50).map((r) => (
              <li key={r.id}>
                {byId.get(r.id)
                  ? t("Update {{id}}: {{what}}", { id: r.id, what: describeUpdate(r, byId.get(r.id)!) })
                  : r.location
                    ? t("Add {{id}} at {{location}}", { id: r.id, location: r.location })
                    : t("Add {{id}}", { id: r.id })}
              </li>
            ))}
            {changes.length > 50 ? <li>{t("…and {{n}} more", { n: changes.length - 50 })}</li> : null}
          </ul>
          <button
            type="button"
            disabled={changes.length === 0}
            onClick={() => {
              onImport(changes.map(({ line: _line, ...row }) => row));
              setPreview(null);
              // Done: the board below shows the result, not the panel.
              setOpen(false);
            }}
          >
            {preview.problems.length
              ? t("Apply {{n}} changes (skip {{bad}} invalid)", { n: changes.length, bad: preview.problems.length })
              : t("Apply {{n}} changes", { n: changes.length })}
          </button>
          <button type="button" onClick={() => setPreview(null)}>
            {t("Cancel")}
          </button>
        </section>
      ) : null}
    </Disclosure>
  );
}
