import { t, useT, tx } from "../../i18n/i18n";
import { fetchShards } from "../../net/ops-api";
import { bytesOf } from "./ops-words";
import { TableHead } from "./table-head";
import { useLoaded } from "./use-loaded";

const SHARD_COLS = [tx("Database"), tx("Buildings"), tx("Audit rows"), tx("Shift boards"), tx("Size")];

/** A D1 database holds 10 GB; past this share the next buildings should go to a new shard (docs/capacity.md). */
const FULL_WARNING = 0.6;
const D1_MAX_BYTES = 10 * 1000 ** 3;

/** The audit databases: buildings, rows and size of each, so an operator sees one filling up before it is full. */
export function ShardsSection() {
  useT();
  const { data: shards, error } = useLoaded(fetchShards);
  return (
    <section id="databases" aria-labelledby="databases-title">
      <h2 id="databases-title">{t("Audit databases")}</h2>
      {error ? <p role="alert">{t(error)}</p> : null}
      {shards ? (
        <table className="data">
          <TableHead cols={SHARD_COLS} />
          <tbody>
            {shards.map((s) => (
              <tr key={s.name} className={s.error || s.bytes > FULL_WARNING * D1_MAX_BYTES ? "ops-bad" : undefined}>
                <th scope="row">{s.name}</th>
                <td>{s.buildings}</td>
                <td>{s.error ? t("Not answering: {{why}}", { why: s.error }) : s.auditRows.toLocaleString()}</td>
                <td>{s.shifts}</td>
                <td>
                  {bytesOf(s.bytes)} ({Math.round((s.bytes / D1_MAX_BYTES) * 1000) / 10}% {t("of 10 GB")})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
