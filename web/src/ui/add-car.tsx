import { useState } from "react";
import { CarIdSchema, type Car } from "../../../shared";
import { useT } from "../i18n/i18n";

/** Checks the id the way the hub will, so a typo is caught while the person is still looking at it. */
export function AddCar({ cars, onAdd }: { cars: readonly Car[]; onAdd(id: string, location?: string): void }) {
  const t = useT();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="add-car"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = CarIdSchema.safeParse(value);
        if (!parsed.success) return setError(t(parsed.error.issues[0]?.message ?? "invalid car id"));
        if (cars.some((c) => c.id === parsed.data)) {
          return setError(t("Car {{id}} is already on the board", { id: parsed.data }));
        }
        setError(null);
        setValue("");
        onAdd(parsed.data);
      }}
    >
      <label>
        <span>{t("Add car")}</span>
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t("car id")}
          aria-describedby="add-car-error"
          autoCapitalize="characters"
        />
      </label>
      <button type="submit">{t("Add")}</button>
      <p id="add-car-error" role={error ? "alert" : undefined} className="error">
        {error}
      </p>
    </form>
  );
}
