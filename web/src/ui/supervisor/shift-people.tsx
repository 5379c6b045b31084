import type { ShiftAnalytics } from "../../../../shared";
import { t, tx, useT } from "../../i18n/i18n";

const ROLE_WORDS: Record<string, string> = { crew: tx("crew"), supervisor: tx("supervisor"), operator: tx("operator") };
const HOTSPOTS = 5;

/** One shift's people and places: who did the work, and where cars waited longest between arrival and empty. */
export function ShiftPeople({ shift }: { shift: ShiftAnalytics }) {
  useT();
  const slowest = shift.byLocation
    .filter((l) => l.medianMin !== null)
    .sort((a, b) => (b.medianMin ?? 0) - (a.medianMin ?? 0))
    .slice(0, HOTSPOTS);
  return (
    <div className="shift-people">
      <table className="data">
        <caption>{t("Who did the work")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Person")}</th>
            <th scope="col">{t("Changes")}</th>
          </tr>
        </thead>
        <tbody>
          {shift.people === null ? (
            <tr>
              <td colSpan={2}>{t("The audit could not be read just now; try again later.")}</td>
            </tr>
          ) : shift.people.length === 0 ? (
            <tr>
              <td colSpan={2}>{t("Nobody changed anything during this shift.")}</td>
            </tr>
          ) : (
            shift.people.map((p) => (
              <tr key={p.name}>
                <th scope="row">
                  {p.name} ({t(ROLE_WORDS[p.role] ?? p.role)})
                </th>
                <td>{p.taps}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <table className="data">
        <caption>{t("Where cars waited longest")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Location")}</th>
            <th scope="col">{t("Arrival to empty, median")}</th>
            <th scope="col">{t("Slowest 1 in 10")}</th>
            <th scope="col">{t("Cars")}</th>
          </tr>
        </thead>
        <tbody>
          {slowest.length === 0 ? (
            <tr>
              <td colSpan={4}>{t("No car was emptied during this shift.")}</td>
            </tr>
          ) : (
            slowest.map((l) => (
              <tr key={l.location}>
                <th scope="row">{l.location}</th>
                <td>{t("{{n}} min", { n: l.medianMin })}</td>
                <td>{l.p90Min === null ? "—" : t("{{n}} min", { n: l.p90Min })}</td>
                <td>{l.count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
