import { useCallback, useEffect, useState } from "react";
import type { OpsFacility } from "../../../../shared/ops";
import { tx, useT } from "../../i18n/i18n";
import { enterBuilding, fetchBuildings, updateBuilding } from "../../net/ops-api";
import { BuildingPanel } from "./building-panel";
import { NewBuilding } from "./new-building";
import { ageOf, bytesOf, stateOf, timeOf } from "./ops-words";
import { TableHead } from "./table-head";

const BUILDING_COLS = [
  tx("Building"),
  tx("State"),
  tx("On the floor"),
  tx("Last change"),
  tx("Shift"),
  tx("Cars"),
  tx("Audit waiting"),
  tx("Storage"),
  tx("Database"),
  tx("Actions"),
];

/** Asked of every building again this often while the console is open. */
const REFRESH_MS = 3000;

/** Every building in one live table: who is on it, where its shift stands, and whether its audit is getting out. */
export function BuildingsSection() {
  const t = useT();
  const [rows, setRows] = useState<OpsFacility[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = useCallback(() => {
    fetchBuildings()
      .then((r) => {
        setRows(r);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const chosen = rows?.find((r) => r.id === open) ?? null;
  return (
    <section id="buildings" aria-labelledby="buildings-title">
      <h2 id="buildings-title">{t("Buildings")}</h2>
      {error ? <p role="alert">{t(error)}</p> : null}
      {rows === null ? (
        <p>{t("Loading…")}</p>
      ) : (
        <div className="ops-scroll">
          <table className="data ops-table">
            <TableHead cols={BUILDING_COLS} />
            <tbody>
              {rows.map((r) => (
                <BuildingRow key={r.id} row={r} open={open === r.id} onOpen={setOpen} onChanged={refresh} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chosen ? <BuildingPanel row={chosen} onClose={() => setOpen(null)} /> : null}
      <NewBuilding onCreated={refresh} />
    </section>
  );
}

/**
 * The board opens in a tab of its own, so the console stays live beside it. The tab is opened within the click
 * (a browser lets only a click open one) and sent to the board once the hub has given the session.
 */
function openBoard(fid: string, failed: (message: string) => void): void {
  const tab = window.open("", "_blank");
  enterBuilding(fid).then(
    () => {
      const url = `/f/${encodeURIComponent(fid)}`;
      if (tab) tab.location.href = url;
      else location.assign(url);
    },
    (e: Error) => {
      tab?.close();
      failed(e.message);
    },
  );
}

function BuildingRow({
  row,
  open,
  onOpen,
  onChanged,
}: {
  row: OpsFacility;
  open: boolean;
  onOpen: (id: string | null) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const h = row.health;
  const state = stateOf(h, row.archived, row.error);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(row.name);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const act = (p: Promise<unknown>) =>
    p
      .then(() => {
        setMessage(null);
        onChanged();
      })
      .catch((e: Error) => setMessage(e.message));
  const people = h ? h.sockets.crew + h.sockets.supervisor : 0;
  return (
    <tr className={state.bad ? "ops-bad" : row.archived ? "ops-archived" : undefined}>
      <th scope="row">
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setRenaming(false);
              void act(updateBuilding(row.id, { name }));
            }}
          >
            <label>
              <span className="sr-only">{t("New name for {{name}}", { name: row.name })}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
            </label>
            <button type="submit">{t("Save")}</button>
          </form>
        ) : (
          <>
            <span className="ops-name">{row.name}</span> <span className="ops-id">{row.id}</span>
          </>
        )}
        {message ? <p role="alert">{t(message)}</p> : null}
      </th>
      <td>{state.word}</td>
      <td>
        {h ? (
          <>
            {t("{{n}} handhelds", { n: people })} · {t("{{n}} walls", { n: h.sockets.display })}
            {h.pollingClients > 0 ? <div>{t("{{n}} polling (weak Wi-Fi)", { n: h.pollingClients })}</div> : null}
          </>
        ) : (
          "—"
        )}
      </td>
      <td>{h ? `${timeOf(h.lastChangeAt)} (#${h.seq})` : "—"}</td>
      <td>
        {h ? (h.openShift ? t("Open since {{time}}", { time: timeOf(h.openShift.startedAt) }) : t("No shift")) : "—"}
      </td>
      <td>
        {h
          ? t("{{arrived}} in · {{pending}} waiting · {{late}} late", {
              arrived: h.cars.arrived,
              pending: h.cars.pending,
              late: h.cars.late,
            })
          : "—"}
      </td>
      <td>
        {h ? (
          <>
            {h.outboxDepth === 0
              ? t("None")
              : t("{{n}} rows, oldest {{age}}", { n: h.outboxDepth, age: ageOf(h.oldestOutboxAgeMs) })}
            <div className="ops-small">{t("Saved {{time}}", { time: timeOf(h.lastFlushAt) })}</div>
            <div className="ops-small">
              {h.retainedAt
                ? t("Old rows archived {{age}} ago", { age: ageOf(Date.now() - Date.parse(h.retainedAt)) })
                : t("Old rows not archived yet")}
            </div>
          </>
        ) : (
          "—"
        )}
      </td>
      <td>{h ? bytesOf(h.storageBytes) : "—"}</td>
      <td>{row.shard}</td>
      <td className="ops-actions">
        {!row.archived ? (
          <button
            type="button"
            aria-label={t("Open the board of {{name}}", { name: row.name })}
            onClick={() => openBoard(row.id, setMessage)}
          >
            {t("Open board")}
          </button>
        ) : null}
        <button
          type="button"
          aria-expanded={open}
          aria-label={t("Figures of {{name}}", { name: row.name })}
          onClick={() => onOpen(open ? null : row.id)}
        >
          {t("Figures")}
        </button>
        <button
          type="button"
          aria-label={t("Rename {{name}}", { name: row.name })}
          onClick={() => setRenaming((r) => !r)}
        >
          {t("Rename")}
        </button>
        {row.archived ? (
          <button
            type="button"
            aria-label={t("Restore {{name}}", { name: row.name })}
            onClick={() => void act(updateBuilding(row.id, { archived: false }))}
          >
            {t("Restore")}
          </button>
        ) : confirming ? (
          <button
            type="button"
            className="danger"
            aria-label={t("Yes, archive {{name}} and sign everyone out", { name: row.name })}
            onClick={() => {
              setConfirming(false);
              void act(updateBuilding(row.id, { archived: true }));
            }}
          >
            {t("Yes, archive")}
          </button>
        ) : (
          <button
            type="button"
            aria-label={t("Archive {{name}}", { name: row.name })}
            onClick={() => setConfirming(true)}
          >
            {t("Archive")}
          </button>
        )}
      </td>
    </tr>
  );
}
