import type { Car, ShiftStats } from "./schemas";

// Apart from the shift planners (plan-shifts.ts), which a handheld's first screen goes without: the board counts
// its cars with the same function a shift keeps its stats by.

/**
 * The one count of a fleet, for the board's tiles and a shift's stored stats. Two late counts on purpose:
 * `late` is every car flagged late (what a shift is judged by afterwards); `lateWaiting` leaves out cars
 * already emptied (what the board shows: late cars that still need someone).
 */
export function countCars(cars: readonly Car[]) {
  let arrived = 0;
  let empty = 0;
  let late = 0;
  let lateWaiting = 0;
  for (const c of cars) {
    if (c.arrived) arrived++;
    if (c.empty) empty++;
    if (c.late) late++;
    if (c.late && !c.empty) lateWaiting++;
  }
  return { total: cars.length, arrived, notArrived: cars.length - arrived, empty, late, lateWaiting };
}

export function statsOf(cars: readonly Car[]): ShiftStats {
  const { total, arrived, late, empty, notArrived } = countCars(cars);
  return { total, arrived, late, empty, notArrived };
}
