import type { Dispatch, SetStateAction } from "react";
import { FILTERS, type Filter } from "./car-status";
import { useT } from "../i18n/i18n";

export type View = "board" | "list";

type Setter<T> = Dispatch<SetStateAction<T>>;

/** What the board shows: by status, by location, by a car's id, and by location or as one list. */
export function BoardFilters(props: {
  filter: Filter;
  setFilter: Setter<Filter>;
  chips: string[];
  setChips: Setter<string[]>;
  locations: readonly string[];
  search: string;
  setSearch: Setter<string>;
  view: View;
  setView: Setter<View>;
}) {
  const t = useT();
  const { filter, setFilter, chips, setChips, search, setSearch, view, setView } = props;
  return (
    <nav className="toolbar" aria-label={t("Filters")}>
      <div className="segmented" role="group" aria-label={t("Show")}>
        {FILTERS.map((f) => (
          <button key={f.id} type="button" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
            {t(f.label)}
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label={t("Locations")}>
        {props.locations.map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={chips.includes(l)}
            aria-label={t("Location {{name}}", { name: l })}
            onClick={() => setChips((c) => (c.includes(l) ? c.filter((x) => x !== l) : [...c, l]))}
          >
            {l}
          </button>
        ))}
      </div>
      <label className="search">
        <span>{t("Search car")}</span>
        <input
          type="search"
          inputMode="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("car id")}
        />
      </label>
      <div className="segmented" role="group" aria-label={t("View")}>
        {(["board", "list"] as View[]).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            onClick={() => (localStorage.setItem("ct.view", v), setView(v))}
          >
            {v === "board" ? t("By location") : t("List")}
          </button>
        ))}
      </div>
    </nav>
  );
}
