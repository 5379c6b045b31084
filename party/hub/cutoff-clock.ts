import { SYSTEM_NAME, type Actor, type Mutation } from "../../shared";
import { alarmBy } from "../store/audit-flusher";
import type { FacilityHub } from "./facility-hub";

/** Storage key: the id of the shift whose cut-off has been applied. */
const CUTOFF_DONE_KEY = "cutoffDone";
const SYSTEM: Actor = { name: SYSTEM_NAME, role: "system" };

/**
 * A shift's cut-off on the Durable Object's alarm (shared with the audit flush):
 * when it passes, the hub itself flags every car not arrived as late, audited as
 * "system" and broadcast like any tap; once per shift.
 */
export class CutoffClock {
  #storage: DurableObjectStorage;
  #hub: FacilityHub;
  #apply: (m: Mutation, who: Actor) => void;

  constructor(storage: DurableObjectStorage, hub: FacilityHub, apply: (m: Mutation, who: Actor) => void) {
    this.#storage = storage;
    this.#hub = hub;
    this.#apply = apply;
  }

  /** Sets the alarm for the open shift's cut-off, unless it has been applied already. */
  arm(): void {
    const shift = this.#hub.openShift;
    if (!shift?.cutoffAt || this.#storage.kv.get(CUTOFF_DONE_KEY) === shift.id) return;
    alarmBy(this.#storage, Date.parse(shift.cutoffAt)).catch((err: unknown) =>
      console.warn("could not arm the cut-off:", String(err)),
    );
  }

  /** On any alarm: applies the cut-off if it is due. */
  run(now = Date.now()): void {
    const shift = this.#hub.openShift;
    if (!shift?.cutoffAt || Date.parse(shift.cutoffAt) > now) return;
    if (this.#storage.kv.get(CUTOFF_DONE_KEY) === shift.id) return;
    this.#apply({ type: "shift.cutoff", mutationId: crypto.randomUUID(), shiftId: shift.id }, SYSTEM);
    // Once per shift: a car a supervisor marks not late afterwards stays so.
    this.#storage.kv.put(CUTOFF_DONE_KEY, shift.id);
  }
}
