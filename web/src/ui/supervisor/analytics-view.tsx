import type { ChartConfiguration } from "chart.js";
import { useEffect, useMemo, useState } from "react";
import type { AnalyticsResponse, ShiftAnalytics } from "../../../../shared";
import { fetchAnalytics } from "../../net/supervisor-api";
import { ChartCanvas } from "./chart-canvas";
import { DockFigures } from "./dock-figures";
import { ShiftPeople } from "./shift-people";
import { lang, locale, t, useT } from "../../i18n/i18n";

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);
const mins = (m: number | null) => (m === null ? "—" : t("{{n}} min", { n: m }));
const day = (iso: string) => new Date(iso).toLocaleDateString(locale(), { month: "short", day: "numeric" });
const INK = "#1b4d8c";
const LATE = "#b3261e";
const GREY = "#8a8a8a";

function arrivalCurve(curve: { minute: number; arrived: number }[], label: string): ChartConfiguration {
  return {
    type: "line",
    data: {
      labels: curve.map((p) => `${p.minute}`),
      datasets: [{ label, data: curve.map((p) => p.arrived), borderColor: INK, pointRadius: 2 }],
    },
    options: { scales: { x: { title: { display: true, text: t("minutes since the shift started") } }, y: { min: 0 } } },
  };
}

function lastShifts(shifts: ShiftAnalytics[]): ChartConfiguration {
  const old = [...shifts].reverse();
  return {
    type: "bar",
    data: {
      labels: old.map((s) => day(s.startedAt)),
      datasets: [
        { type: "bar", label: t("Late cars"), data: old.map((s) => s.late), backgroundColor: LATE, yAxisID: "y" },
        {
          type: "line",
          label: t("On time %"),
          data: old.map((s) => (s.onTimeRate === null ? null : Math.round(s.onTimeRate * 100))),
          borderColor: INK,
          yAxisID: "rate",
        },
      ],
    },
    options: {
      scales: {
        y: { min: 0, title: { display: true, text: t("late cars") } },
        rate: { position: "right", min: 0, max: 100, title: { display: true, text: t("on time %") } },
      },
    },
  } as ChartConfiguration;
}

function emptyTimes(rows: AnalyticsResponse["overall"]["byLocation"]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: rows.map((r) => r.location),
      datasets: [
        { label: t("Median"), data: rows.map((r) => r.medianMin), backgroundColor: INK },
        { label: t("90th percentile"), data: rows.map((r) => r.p90Min), backgroundColor: GREY },
      ],
    },
    options: { scales: { y: { min: 0, title: { display: true, text: t("minutes from arrival to empty") } } } },
  };
}

/** Arrivals, lateness and unloading times, for one shift and across the last 30, as charts and as text. */
export default function AnalyticsView({ fid }: { fid: string }) {
  useT();
  const language = lang();
  const [data, setData] = useState<AnalyticsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  useEffect(() => {
    fetchAnalytics(fid)
      .then(setData)
      .catch((e: Error) => setError(e.message));
  }, [fid]);
  const shift = data?.shifts.find((s) => s.id === picked) ?? data?.shifts[0];
  const configs = useMemo(
    () =>
      data && shift
        ? {
            curve: arrivalCurve(shift.arrivalCurve, t("Cars arrived")),
            meanCurve: arrivalCurve(data.overall.arrivalCurve, t("Cars arrived, mean of the shifts")),
            trend: lastShifts(data.shifts),
            shiftEmpty: emptyTimes(shift.byLocation),
            allEmpty: emptyTimes(data.overall.byLocation),
          }
        : null,
    [data, shift, language],
  );
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>{t("Loading analytics…")}</p>;
  if (!shift || !configs) return <p>{t("No finished shift yet: the charts appear once a shift has ended.")}</p>;
  return (
    <section aria-label={t("Analytics")} className="analytics">
      <label>
        <span>{t("Shift")}</span>
        <select value={shift.id} onChange={(e) => setPicked(Number(e.target.value))}>
          {data.shifts.map((s) => (
            <option key={s.id} value={s.id}>
              {new Date(s.startedAt).toLocaleString(locale())}
            </option>
          ))}
        </select>
      </label>
      <dl className="shift-stats" data-testid="shift-figures">
        <div>
          <dt>{t("Arrived")}</dt>
          <dd>
            {shift.arrived}/{shift.total}
          </dd>
        </div>
        <div>
          <dt>{t("Late")}</dt>
          <dd>{shift.late}</dd>
        </div>
        <div>
          <dt>{t("On time")}</dt>
          <dd>{pct(shift.onTimeRate)}</dd>
        </div>
        <div>
          <dt>{t("Arrival to empty")}</dt>
          <dd>
            {t("{{median}} median · {{p90}} p90", {
              median: mins(shift.arrivalToEmpty.medianMin),
              p90: mins(shift.arrivalToEmpty.p90Min),
            })}
          </dd>
        </div>
      </dl>
      <h2>{t("Arrivals during this shift")}</h2>
      <ChartCanvas
        config={configs.curve}
        label={t("Arrival curve: {{arrived}} of {{total}} cars arrived", {
          arrived: shift.arrived,
          total: shift.total,
        })}
      />
      <h2>{t("Arrival to empty by location, this shift")}</h2>
      <ChartCanvas config={configs.shiftEmpty} label={t("Minutes from arrival to empty by location, this shift")} />
      <ShiftPeople shift={shift} />
      <h2>{t("The last {{n}} shifts", { n: data.shifts.length })}</h2>
      <p>
        {t("{{late}} late cars · on time {{rate}} · arrival to empty {{median}} median, {{p90}} p90", {
          late: data.overall.late,
          rate: pct(data.overall.onTimeRate),
          median: mins(data.overall.arrivalToEmpty.medianMin),
          p90: mins(data.overall.arrivalToEmpty.p90Min),
        })}
      </p>
      <ChartCanvas config={configs.meanCurve} label={t("Mean arrival curve over the last shifts")} />
      <ChartCanvas config={configs.trend} label={t("Late cars and on-time rate per shift")} />
      <ChartCanvas config={configs.allEmpty} label={t("Minutes from arrival to empty by location, last shifts")} />
      <DockFigures shift={shift} overall={data.overall} />
    </section>
  );
}
