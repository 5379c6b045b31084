import { useEffect, useState } from "react";
import { fetchFacilities } from "../net/facilities";
import { useT } from "../i18n/i18n";

/** The first screen: one building per card, with targets a gloved thumb can hit. */
export function Chooser() {
  const t = useT();
  const [facilities, setFacilities] = useState<{ id: string; name: string }[] | null>(null);
  useEffect(() => {
    void fetchFacilities().then(setFacilities);
  }, []);
  return (
    <main className="chooser">
      <h1>Car Tracker</h1>
      <p>{t("Choose your building.")}</p>
      {facilities === null ? <p>{t("Loading…")}</p> : null}
      <ul className="buildings">
        {(facilities ?? []).map((f) => (
          <li key={f.id}>
            <a className="building" href={`/f/${f.id}`}>
              {f.name}
            </a>
            <a
              className="building-wall"
              href={`/f/${f.id}/wall`}
              aria-label={t("Wall screen for {{name}}", { name: f.name })}
            >
              {t("Wall screen")}
            </a>
          </li>
        ))}
      </ul>
      {facilities?.length === 0 ? <p>{t("No facility yet: start the hub with npm start to get the demo.")}</p> : null}
    </main>
  );
}
