import { locale, t, useT, tx } from "../../i18n/i18n";
import { fetchClientErrors } from "../../net/ops-api";
import { TableHead } from "./table-head";
import { useLoaded } from "./use-loaded";

const ERROR_COLS = [tx("What went wrong"), tx("Times"), tx("Buildings"), tx("Last seen"), tx("Release")];

/** Screens that broke, one line per message and release, newest first. */
export function ErrorsSection() {
  useT();
  const { data: errors, error: failed, reload } = useLoaded(fetchClientErrors);
  return (
    <section id="errors" aria-labelledby="errors-title">
      <h2 id="errors-title">{t("Screen errors")}</h2>
      <button type="button" onClick={reload}>
        {t("Check again")}
      </button>
      {failed ? <p role="alert">{t(failed)}</p> : null}
      {errors && errors.length === 0 ? <p>{t("No screen has reported an error.")}</p> : null}
      {errors && errors.length > 0 ? (
        <div className="ops-scroll">
          <table className="data">
            <TableHead cols={ERROR_COLS} />
            <tbody>
              {errors.map((e) => (
                <tr key={`${e.message}|${e.build}`}>
                  <th scope="row">
                    {e.message}
                    <div className="ops-small">{e.url}</div>
                  </th>
                  <td>{e.count}</td>
                  <td>{e.facilities.join(", ")}</td>
                  <td>{new Date(e.lastSeen).toLocaleString(locale())}</td>
                  <td className="ops-small">{e.build}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
