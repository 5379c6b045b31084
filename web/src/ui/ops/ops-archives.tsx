import { locale, t, useT, tx } from "../../i18n/i18n";
import { archiveUrl, fetchArchives } from "../../net/ops-api";
import { bytesOf } from "./ops-words";
import { TableHead } from "./table-head";
import { useLoaded } from "./use-loaded";

const ARCHIVE_COLS = [tx("Building"), tx("What"), tx("From"), tx("To"), tx("Rows"), tx("Size"), tx("File")];

const day = (iso: string) => (iso ? new Date(iso).toLocaleDateString(locale()) : "—");

/** The cold years: what the daily retention job moved out of the database, one file per batch. */
export function ArchivesSection() {
  useT();
  const { data: list, error } = useLoaded(() => fetchArchives());
  return (
    <section id="archives" aria-labelledby="archives-title">
      <h2 id="archives-title">{t("Archives")}</h2>
      <p>{t("Audit older than 400 days and shift boards older than 3 years move here every day.")}</p>
      {error ? <p role="alert">{t(error)}</p> : null}
      {list && list.objects.length === 0 ? <p>{t("Nothing archived yet.")}</p> : null}
      {list && list.objects.length > 0 ? (
        <div className="ops-scroll">
          <table className="data">
            <TableHead cols={ARCHIVE_COLS} />
            <tbody>
              {list.objects.map((o) => (
                <tr key={o.key}>
                  <th scope="row">{o.facility}</th>
                  <td>{o.key.startsWith("audit/") ? t("Audit") : t("Shift boards")}</td>
                  <td>{day(o.from)}</td>
                  <td>{day(o.to)}</td>
                  <td>{o.rows}</td>
                  <td>{bytesOf(o.size)}</td>
                  <td>
                    <a href={archiveUrl(o.key)} download>
                      {t("Download")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
