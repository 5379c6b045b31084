import { useMemo, useRef } from "react";
import type { Car, FacilityState } from "../../../shared";
import { inCarOrder, lanesOf, matchesFilter, sameLanes, type Filter } from "./car-status";

/**
 * The board's cars in order, those the filters show, and those by location. Each list is kept between renders
 * while its cars are the same (see inCarOrder and sameLanes), so a change to one car re-sorts nothing and
 * leaves every other lane's window as it was.
 */
export function useBoardLists(shown: FacilityState | null, filter: Filter, chips: readonly string[], search: string) {
  const carsWere = useRef<Car[]>([]);
  const cars = useMemo(() => (carsWere.current = inCarOrder(carsWere.current, shown?.cars)), [shown]);
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return cars.filter(
      (c) =>
        matchesFilter(c, filter) &&
        (chips.length === 0 || chips.includes(c.location)) &&
        (!needle || c.id.toLowerCase().includes(needle)),
    );
  }, [cars, filter, chips, search]);
  const locations = shown?.facility.locations;
  const lanesWere = useRef<Car[][]>([]);
  const lanes = useMemo(
    () => (lanesWere.current = sameLanes(lanesWere.current, lanesOf(locations ?? [], visible))),
    [locations, visible],
  );
  return { cars, visible, lanes };
}
