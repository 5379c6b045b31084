import { byCarId, countCars, unreachable, type Car } from "../../../shared";
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

/**
 * The board's cars in car order. While the same cars are on the board (a car changed, none came or went), the
 * order they were in is kept: a change then costs a look-up a car, not a sort (2,000 collator compares on a
 * slow handheld, for every change anyone makes).
 */
export function inCarOrder(before: readonly Car[], cars: ReadonlyMap<string, { car: Car }> | undefined): Car[] {
  if (!cars) return [];
  if (before.length === cars.size) {
    const next: Car[] = [];
    for (const c of before) {
      const rec = cars.get(c.id);
      if (!rec) break;
      next.push(rec.car);
    }
    if (next.length === before.length) return next;
  }
  return [...cars.values()].map((r) => r.car).sort(byCarId);
}

/**
 * Each lane that holds the same cars as before is the array it was, so its window neither slices its blocks nor
 * measures again after a change to a car in another lane.
 */
export function sameLanes(before: readonly Car[][], now: Car[][]): Car[][] {
  return now.map((lane, i) => {
    const was = before[i];
    return was && was.length === lane.length && was.every((c, j) => c === lane[j]) ? was : lane;
  });
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
