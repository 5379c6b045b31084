import { useMemo, useRef } from "react";
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
