import { useState, type FormEvent } from "react";
import { useT } from "../../i18n/i18n";
import { createBuilding } from "../../net/ops-api";

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** A new building: its id (in every address), its name, and optionally its locations and doors. */
export function NewBuilding({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [locations, setLocations] = useState("");
  const [doors, setDoors] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const l = list(locations);
    const d = list(doors);
    createBuilding({ id: id.trim(), name, ...(l.length ? { locations: l } : {}), ...(d.length ? { doors: d } : {}) })
      .then((f) => {
        setMessage({ ok: true, text: t("{{name}} is ready. Open its board to set its codes.", { name: f.name }) });
        setId("");
        setName("");
        setLocations("");
        setDoors("");
        onCreated();
      })
      .catch((err: Error) => setMessage({ ok: false, text: err.message }));
  };
  return (
    <form className="ops-new" onSubmit={submit} aria-labelledby="new-building-title">
      <h3 id="new-building-title">{t("New building")}</h3>
      <label>
        <span>{t("Building id (a-z, 0-9, -)")}</span>
        <input value={id} onChange={(e) => setId(e.target.value)} pattern="[a-z0-9-]{1,40}" required />
      </label>
      <label>
        <span>{t("Name")}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      </label>
      <label>
        <span>{t("Locations, separated by commas (empty: the usual ones)")}</span>
        <input value={locations} onChange={(e) => setLocations(e.target.value)} />
      </label>
      <label>
        <span>{t("Doors, separated by commas (empty: 9 to 23)")}</span>
        <input value={doors} onChange={(e) => setDoors(e.target.value)} />
      </label>
      <button type="submit">{t("Create building")}</button>
      {message ? <p role={message.ok ? "status" : "alert"}>{message.ok ? message.text : t(message.text)}</p> : null}
    </form>
  );
}
