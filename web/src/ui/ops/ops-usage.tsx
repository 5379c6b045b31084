import type { ChartConfiguration } from "chart.js";
import { useMemo, useState } from "react";
import { USAGE_COUNTS, type UsageCount } from "../../../../shared/ops";
import { locale, t, tx, useT } from "../../i18n/i18n";
import { fetchUsage, usageCsvUrl } from "../../net/ops-api";
import { ChartCanvas } from "../supervisor/chart-canvas";
import { useLoaded } from "./use-loaded";

const COUNT_WORDS: Record<UsageCount, string> = {
  taps: tx("Taps"),
  people: tx("People"),
  scans: tx("Scans"),
  imports: tx("Imports"),
  alerts: tx("Alerts"),
};
const COLORS = ["#1b4d8c", "#b3261e", "#176b2c", "#7a4b00", "#6a3d9a", "#008080", "#8a8a8a"];

/** Taps a day per building over 7 or 30 days, as a chart, a table, and a CSV for the spreadsheet. */
export function UsageSection() {
  useT();
  const [days, setDays] = useState<7 | 30>(7);
  const { data, error } = useLoaded(() => fetchUsage(days), days);
  const config = useMemo((): ChartConfiguration | null => {
    if (!data) return null;
    const dayList: string[] = [];
    for (let i = data.days - 1; i >= 0; i--)
      dayList.push(new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10));
    const buildings = [...new Set(data.rows.map((r) => r.facility))];
    return {
      type: "bar",
      data: {
        labels: dayList.map((d) =>
          new Date(`${d}T12:00:00Z`).toLocaleDateString(locale(), { month: "short", day: "numeric" }),
        ),
        datasets: buildings.map((b, i) => ({
          label: b,
          data: dayList.map((d) => data.rows.find((r) => r.facility === b && r.day === d)?.taps ?? 0),
          backgroundColor: COLORS[i % COLORS.length],
        })),
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, min: 0, title: { display: true, text: t("taps") } } },
      },
    };
  }, [data]);
  return (
    <section id="usage" aria-labelledby="usage-title">
      <h2 id="usage-title">{t("Usage")}</h2>
      <div className="supervisor-links">
        <label>
          <span className="sr-only">{t("Days shown")}</span>
          <select value={days} onChange={(e) => setDays(e.target.value === "30" ? 30 : 7)}>
            <option value="7">{t("Last 7 days")}</option>
            <option value="30">{t("Last 30 days")}</option>
          </select>
        </label>
        <a href={usageCsvUrl(days)} download>
          {t("Download CSV")}
        </a>
      </div>
      {error ? <p role="alert">{t(error)}</p> : null}
      {config ? <ChartCanvas config={config} label={t("Taps a day by building")} /> : null}
      {data ? (
        <div className="ops-scroll">
          <table className="data">
            <caption>{t("Each building's days (UTC)")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Building")}</th>
                <th scope="col">{t("Day")}</th>
                {USAGE_COUNTS.map((c) => (
                  <th scope="col" key={c}>
                    {t(COUNT_WORDS[c])}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...data.rows].reverse().map((r) => (
                <tr key={`${r.facility}-${r.day}`}>
                  <th scope="row">{r.facility}</th>
                  <td>{r.day}</td>
                  {USAGE_COUNTS.map((c) => (
                    <td key={c}>{r[c]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {data.rows.length === 0 ? <p>{t("No taps recorded in these days yet.")}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
