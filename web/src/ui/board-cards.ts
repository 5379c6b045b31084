import { useEffect, useMemo, useRef, useState } from "react";
import type { Car, CarPatch, Mutation } from "../../../shared";
import type { FacilityStoreApi, Rejection } from "../store/facility-store";

interface CardActions {
  patch(car: Car, p: CarPatch): void;
  retry(r: Rejection): void;
  send(m: Mutation): void;
  toggleCar(id: string): void;
}

/**
 * The car cards' handlers, one identity for the screen's life (so a memoized card is not re-rendered by a tap
 * elsewhere), reaching the latest render's actions through a ref, so a patch's baseVersion is never stale.
 */
export function useCardHandlers(store: FacilityStoreApi, actions: CardActions) {
  const latest = useRef(actions);
  latest.current = actions;
  return useMemo(
    () => ({
      onToggle: (id: string) => latest.current.toggleCar(id),
      onPatch: (car: Car, p: CarPatch) => latest.current.patch(car, p),
      onRemove: (id: string) => latest.current.send({ type: "car.remove", mutationId: crypto.randomUUID(), carId: id }),
      onRetry: (r: Rejection) => latest.current.retry(r),
      onDismiss: (r: Rejection) => store.getState().dismissRejection(r.mutation.mutationId),
    }),
    [store],
  );
}

const FIRST_CARDS = 40;
const MORE_CARDS = 250;

/**
 * How many cards to render: the first screenful at once, then more every turn of the event loop until all are
 * there. On a big building (2,000 cars) the board paints its first cars before it has built the rest, and a slow
 * handheld is never busy for seconds in one go; a memoized card already built costs nothing when the count grows.
 */
export function useGrowing(total: number): number {
  const [count, setCount] = useState(FIRST_CARDS);
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setCount((c) => c + MORE_CARDS), 0);
    return () => clearTimeout(timer);
  }, [count, total]);
  return count;
}
