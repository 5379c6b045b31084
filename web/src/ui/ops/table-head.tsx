import { t } from "../../i18n/i18n";

/** A table's column headings, each given through `tx` where the table lists them. */
export function TableHead({ cols }: { cols: readonly string[] }) {
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th scope="col" key={c}>
            {t(c)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
