import { useEffect, useState } from "react";
import { listPushDevices, type PushDeviceRow } from "../../net/push";
import { locale, useT } from "../../i18n/i18n";

/** Who gets this building's alerts on a phone, for supervisors: never keys or addresses, only people. */
export function PushDevices({ fid }: { fid: string }) {
  const t = useT();
  const [rows, setRows] = useState<PushDeviceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" }) : t("not yet");
  useEffect(() => {
    listPushDevices(fid).then(setRows, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [fid]);
  if (error) return <p className="hint">{t(error)}</p>;
  if (!rows) return null;
  if (rows.length === 0) return <p className="hint">{t("No phone gets alerts yet.")}</p>;
  return (
    <table className="push-devices">
      <caption>{t("Phones that get alerts")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("Person")}</th>
          <th scope="col">{t("Since")}</th>
          <th scope="col">{t("Last alert delivered")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>
              {r.person} · {t(r.role)}
            </td>
            <td>{when(r.createdAt)}</td>
            <td>{when(r.lastSuccessAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
