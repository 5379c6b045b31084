import { useState } from "react";
import { LIMITS, type Car, type MutationDraft } from "../../../shared";
import { Disclosure } from "./disclosure";
import { useT } from "../i18n/i18n";

/**
 * The facility's ordered locations, for supervisors. A rename moves the cars with
 * it; a location with cars standing at it cannot be removed (the hub says so too).
 */
export function LocationsEditor({
  locations,
  cars,
  send,
}: {
  locations: string[];
  cars: Car[];
  send(m: MutationDraft): void;
}) {
  const t = useT();
  const [adding, setAdding] = useState("");
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const count = (l: string) => cars.filter((c) => c.location === l).length;
  const set = (next: string[]) => send({ type: "facility.setLocations", locations: next });
  const move = (i: number, by: number) => {
    const next = [...locations];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    set(next);
  };
  const fresh = adding.trim();
  const addError = fresh && locations.includes(fresh) ? t("{{name}} exists already", { name: fresh }) : null;
  return (
    <Disclosure label={t("Locations")} className="locations">
      <ol>
        {locations.map((l, i) => (
          <li key={l}>
            {renaming?.from === l ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const to = renaming.to.trim();
                  if (to && to !== l && !locations.includes(to)) send({ type: "facility.renameLocation", from: l, to });
                  setRenaming(null);
                }}
              >
                <input
                  aria-label={t("New name for {{name}}", { name: l })}
                  value={renaming.to}
                  maxLength={LIMITS.locationNameMax}
                  onChange={(e) => setRenaming({ from: l, to: e.target.value })}
                  autoFocus
                />
                <button type="submit">{t("Save")}</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  {t("Cancel")}
                </button>
              </form>
            ) : (
              <>
                <span className="name">
                  {l} <small>({count(l)})</small>
                </span>
                <button
                  type="button"
                  aria-label={t("Move {{name}} up", { name: l })}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t("Move {{name}} down", { name: l })}
                  disabled={i === locations.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={t("Rename {{name}}", { name: l })}
                  onClick={() => setRenaming({ from: l, to: l })}
                >
                  {t("Rename")}
                </button>
                <button
                  type="button"
                  aria-label={t("Remove {{name}}", { name: l })}
                  disabled={count(l) > 0 || locations.length === 1}
                  title={count(l) > 0 ? t("{{n}} cars stand here; move them first", { n: count(l) }) : undefined}
                  onClick={() => set(locations.filter((x) => x !== l))}
                >
                  {t("Remove")}
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!fresh || addError || locations.length >= LIMITS.locationsMax) return;
          set([...locations, fresh]);
          setAdding("");
        }}
      >
        <input
          aria-label={t("New location")}
          placeholder={t("New location")}
          value={adding}
          maxLength={LIMITS.locationNameMax}
          onChange={(e) => setAdding(e.target.value)}
        />
        <button type="submit" disabled={!fresh || !!addError}>
          {t("Add location")}
        </button>
        {addError ? <span className="error">{addError}</span> : null}
      </form>
    </Disclosure>
  );
}
