import { useEffect, useState } from "react";
import type { ClientErrorGroup } from "../../../../shared/ops";
import { locale, t, useT, tx } from "../../i18n/i18n";
import { fetchClientErrors } from "../../net/ops-api";
import { TableHead } from "./table-head";

const ERROR_COLS = [tx("What went wrong"), tx("Times"), tx("Buildings"), tx("Last seen"), tx("Release")];

/** Screens that broke, one line per message and release, newest first. */
export function ErrorsSection() {
  useT();
  const [errors, setErrors] = useState<ClientErrorGroup[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const load = () =>
    fetchClientErrors()
      .then(setErrors)
      .catch((e: Error) => setFailed(e.message));
  useEffect(() => {
    void load();
  }, []);
  return (
    <section id="errors" aria-labelledby="errors-title">
      <h2 id="errors-title">{t("Screen errors")}</h2>
      <button type="button" onClick={() => void load()}>
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
