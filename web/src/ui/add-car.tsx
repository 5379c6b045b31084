import { useState } from "react";
import { CarIdSchema, type Car } from "../../../shared";

/** Checks the id the way the hub will, so a typo is caught while the person is still looking at it. */
export function AddCar({ cars, onAdd }: { cars: readonly Car[]; onAdd(id: string, location?: string): void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="add-car"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = CarIdSchema.safeParse(value);
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "invalid car id");
        if (cars.some((c) => c.id === parsed.data)) return setError(`Car ${parsed.data} is already on the board`);
        setError(null);
        setValue("");
        onAdd(parsed.data);
      }}
    >
      <label>
        <span>Add car</span>
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="car id"
          aria-describedby="add-car-error"
          autoCapitalize="characters"
        />
      </label>
      <button type="submit">Add</button>
      <p id="add-car-error" role={error ? "alert" : undefined} className="error">
        {error}
      </p>
    </form>
  );
}
