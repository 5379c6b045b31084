import type { AnalyticsResponse, ShiftAnalytics } from "../../../../shared";
import { t, useT } from "../../i18n/i18n";

const mins = (m: number | null) => (m === null ? "—" : t("{{n}} min", { n: Math.round(m) }));

/** The dock doors' work in a shift: trailers unloaded, how long, and how busy each door was, as a table. */
export function DockFigures({ shift, overall }: { shift: ShiftAnalytics; overall: AnalyticsResponse["overall"] }) {
  useT();
  const u = shift.unload;
  return (
    <>
      <h2>{t("Dock doors, this shift")}</h2>
      {u ? (
        <>
          <p data-testid="dock-figures">
            {t("{{n}} trailers unloaded · unload time {{median}} median, {{p90}} p90 · at the door {{dwell}} median", {
              n: u.trailersUnloaded,
              median: mins(u.unloadTime.medianMin),
              p90: mins(u.unloadTime.p90Min),
              dwell: mins(u.dwell.medianMin),
            })}
          </p>
          <table className="data dock-table">
            <caption>{t("Each door this shift")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Door")}</th>
                <th scope="col">{t("Unloaded per hour")}</th>
                <th scope="col">{t("Time with a trailer")}</th>
              </tr>
            </thead>
            <tbody>
              {u.byDoor.map((d) => (
                <tr key={d.door}>
                  <th scope="row">{d.door}</th>
                  <td>{t("{{n}}% of a trailer", { n: d.percentPerHour })}</td>
                  <td>{Math.round(d.utilisation * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>{t("This shift ended before the door board was kept with shifts.")}</p>
      )}
      <p>
        {t("Last shifts:")}{" "}
        {t("{{n}} trailers unloaded · unload time {{median}} median, {{p90}} p90 · at the door {{dwell}} median", {
          n: overall.trailersUnloaded,
          median: mins(overall.unloadTime.medianMin),
          p90: mins(overall.unloadTime.p90Min),
          dwell: mins(overall.dwell.medianMin),
        })}
      </p>
    </>
  );
}
