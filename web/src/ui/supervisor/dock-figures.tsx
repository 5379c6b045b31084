import type { AnalyticsResponse, ShiftAnalytics } from "../../../../shared";

const mins = (m: number | null) => (m === null ? "—" : `${Math.round(m)} min`);

/** The dock doors' work in a shift: trailers unloaded, how long, and how busy each door was, as a table. */
export function DockFigures({ shift, overall }: { shift: ShiftAnalytics; overall: AnalyticsResponse["overall"] }) {
  const u = shift.unload;
  return (
    <>
      <h2>Dock doors, this shift</h2>
      {u ? (
        <>
          <p data-testid="dock-figures">
            {u.trailersUnloaded} trailers unloaded · unload time {mins(u.unloadTime.medianMin)} median,{" "}
            {mins(u.unloadTime.p90Min)} p90 · at the door {mins(u.dwell.medianMin)} median
          </p>
          <table className="data dock-table">
            <caption>Each door this shift</caption>
            <thead>
              <tr>
                <th scope="col">Door</th>
                <th scope="col">Unloaded per hour</th>
                <th scope="col">Time with a trailer</th>
              </tr>
            </thead>
            <tbody>
              {u.byDoor.map((d) => (
                <tr key={d.door}>
                  <th scope="row">{d.door}</th>
                  <td>{d.percentPerHour}% of a trailer</td>
                  <td>{Math.round(d.utilisation * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>This shift ended before the door board was kept with shifts.</p>
      )}
      <p>
        Last shifts: {overall.trailersUnloaded} trailers unloaded · unload time {mins(overall.unloadTime.medianMin)}{" "}
        median, {mins(overall.unloadTime.p90Min)} p90 · at the door {mins(overall.dwell.medianMin)} median
      </p>
    </>
  );
}
