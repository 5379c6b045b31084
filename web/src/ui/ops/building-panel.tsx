import type { ChartConfiguration } from "chart.js";
import { useMemo } from "react";
import type { ErrorCode } from "../../../../shared";
import type { OpsFacility } from "../../../../shared/ops";
import { locale, t, useT } from "../../i18n/i18n";
import { ChartCanvas } from "../supervisor/chart-canvas";
import { changeWords, REFUSAL_WORDS } from "./ops-words";

const INK = "#1b4d8c";

/** One building's last hour: changes a minute, by kind, how fast the hub applied them, and what it refused. */
export function BuildingPanel({ row, onClose }: { row: OpsFacility; onClose: () => void }) {
  useT();
  const usage = row.health?.usage;
  const config = useMemo((): ChartConfiguration | null => {
    if (!usage) return null;
    const minutes = usage.perMinute;
    return {
      type: "bar",
      data: {
        labels: minutes.map((m) =>
          new Date(m.minute).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" }),
        ),
        datasets: [
          {
            label: t("Changes a minute"),
            data: minutes.map((m) => Object.values(m.byType).reduce((a, b) => a + b, 0)),
            backgroundColor: INK,
          },
        ],
      },
      options: { scales: { y: { min: 0 } } },
    };
  }, [usage]);
  const byType = new Map<string, number>();
  for (const m of usage?.perMinute ?? []) {
    for (const [type, n] of Object.entries(m.byType)) byType.set(type, (byType.get(type) ?? 0) + n);
  }
  const total = (usage?.viaSocket ?? 0) + (usage?.viaHttp ?? 0);
  const share = (n: number) => (total === 0 ? "—" : `${Math.round((n / total) * 100)}%`);
  return (
    <section className="ops-panel" aria-labelledby="panel-title">
      <h3 id="panel-title">{t("{{name}}: the last hour", { name: row.name })}</h3>
      <button type="button" onClick={onClose}>
        {t("Close")}
      </button>
      {!usage || !config ? (
        <p>{t("This building did not answer.")}</p>
      ) : (
        <>
          <ChartCanvas config={config} label={t("Changes a minute over the last hour")} />
          <dl className="shift-stats">
            <div>
              <dt>{t("Time to apply a change (median)")}</dt>
              <dd>{t("{{n}} ms", { n: usage.applyMs.p50 })}</dd>
            </div>
            <div>
              <dt>{t("99 in 100 changes within")}</dt>
              <dd>{t("{{n}} ms", { n: usage.applyMs.p99 })}</dd>
            </div>
            <div>
              <dt>{t("Over a live connection")}</dt>
              <dd>{share(usage.viaSocket)}</dd>
            </div>
            <div>
              <dt>{t("Over polling")}</dt>
              <dd>{share(usage.viaHttp)}</dd>
            </div>
            <div>
              <dt>{t("Sessions slowed down (too many taps)")}</dt>
              <dd>{usage.rateLimited}</dd>
            </div>
          </dl>
          <table className="data">
            <caption>{t("Changes by kind")}</caption>
            <tbody>
              {[...byType].map(([type, n]) => (
                <tr key={type}>
                  <th scope="row">{changeWords(type)}</th>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data">
            <caption>{t("Refused, by reason")}</caption>
            <tbody>
              {Object.entries(usage.rejects).map(([code, n]) => (
                <tr key={code}>
                  <th scope="row">{REFUSAL_WORDS[code as ErrorCode] ? t(REFUSAL_WORDS[code as ErrorCode]!) : code}</th>
                  <td>{n}</td>
                </tr>
              ))}
              {Object.keys(usage.rejects).length === 0 ? (
                <tr>
                  <td>{t("Nothing refused")}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
