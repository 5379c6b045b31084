import { CarSchema, SnapshotMessageSchema, type Car, type SnapshotMessage } from "../../../shared";
import { z } from "../../../shared/zod";

// The board as this device keeps it: the snapshot without its cars, and the cars by field, one list a field.
// zod checks 13 lists of 2,000 values about five times faster than 2,000 objects of 13 fields (1.1 against
// 5.5 ms in Node, without zod's compiled checks, which our CSP forbids), and that check was about 0.1 s of a
// slow handheld's warm start. Each list is checked by the wire's own schema of that field.

type Shape = typeof CarSchema.shape;
const FIELDS = Object.keys(CarSchema.shape) as (keyof Shape)[];
type Columns = { [K in keyof Shape]: z.ZodMiniArray<Shape[K]> };
// Built field by field from the one definition of a car; the type says what that loop makes.
const CarColumnsSchema = z.object(Object.fromEntries(FIELDS.map((f) => [f, z.array(CarSchema.shape[f])])) as Columns);
type CarColumns = z.infer<typeof CarColumnsSchema>;

/** What a device saves of a snapshot (IndexedDB keeps it as it is given). */
export function boardToKeep(snapshot: SnapshotMessage): { snapshot: SnapshotMessage; cars: CarColumns } {
  const cars = Object.fromEntries(FIELDS.map((f) => [f, snapshot.cars.map((c) => c[f])])) as CarColumns;
  return { snapshot: { ...snapshot, cars: [] }, cars };
}

/**
 * The snapshot a saved row holds, checked, or null. A row saved before the board was kept by field has its cars
 * in the snapshot, and reads as before.
 */
export function boardKept(row: object): SnapshotMessage | null {
  if (!("snapshot" in row)) return null;
  const snap = SnapshotMessageSchema.safeParse(row.snapshot);
  if (!snap.success) return null;
  if (!("cars" in row)) return snap.data;
  const cols = CarColumnsSchema.safeParse(row.cars);
  if (!cols.success) return null;
  const n = cols.data.id.length;
  if (FIELDS.some((f) => cols.data[f].length !== n)) return null;
  const cars: Car[] = [];
  for (let i = 0; i < n; i++) {
    const car: Partial<Record<keyof Shape, unknown>> = {};
    for (const f of FIELDS) if (cols.data[f][i] !== undefined) car[f] = cols.data[f][i];
    // Every value was checked by its field's schema and every list has n of them, so each car is whole: a
    // required field's schema refuses `undefined`, and only optional ones are left out.
    cars.push(car as Car);
  }
  return { ...snap.data, cars };
}
