import { countCars, unreachable, type Car } from "../../../shared";
import { tx } from "../i18n/i18n";

export type Filter = "all" | "pending" | "arrived" | "onsite" | "late" | "empty";

export const FILTERS: { id: Filter; label: string }[] = [
  { id: "all", label: tx("All") },
  { id: "pending", label: tx("Pending") },
  { id: "arrived", label: tx("Arrived") },
  { id: "onsite", label: tx("On site") },
  { id: "late", label: tx("Late") },
  { id: "empty", label: tx("Empty") },
];

export function matchesFilter(car: Car, filter: Filter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "pending":
      return !car.arrived;
    case "arrived":
      return car.arrived;
    case "onsite":
      return car.arrived && !car.empty;
    case "late":
      return car.late && !car.empty;
    case "empty":
      return car.empty;
    default:
      return unreachable(filter, "filter");
  }
}

/** Each location's cars, in the order given, one list per location (empty where none stand): the board's and the wall's lanes. */
export function lanesOf(locations: readonly string[], cars: readonly Car[]): Car[][] {
  const lanes = new Map(locations.map((l) => [l, [] as Car[]]));
  for (const c of cars) lanes.get(c.location)?.push(c);
  return locations.map((l) => lanes.get(l)!);
}

/** The crew's words: Pending, On site, Completed (empty); in English, shown through `t`. */
export function statusLabel(car: Car): "Pending" | "On site" | "Completed" {
  if (car.empty) return tx("Completed") as "Completed";
  return car.arrived ? (tx("On site") as "On site") : (tx("Pending") as "Pending");
}

/** The board's tiles, from the one count in shared/ (its late tile counts late cars not yet emptied). */
export function totals(cars: readonly Car[]) {
  const c = countCars(cars);
  return { total: c.total, arrived: c.arrived, pending: c.notArrived, empty: c.empty, late: c.lateWaiting };
}
