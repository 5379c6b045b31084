import {
  blankCar,
  diffOf,
  emptyDoor,
  uniformFieldVersions,
  isNoop,
  type Actor,
  type AuditEntry,
  type Car,
  type CarRecord,
  type Effect,
  type Facility,
  type FacilityView,
  type Mutation,
  type Outcome,
  type Shift,
  type SnapshotMessage,
  PROTOCOL_VERSION,
  SYSTEM_NAME,
} from "../../shared";
import { planMutation } from "../../shared/domain/plan-any";
import type { HubStore } from "./store";

/** Above this many bytes of diffs, catch-up compares against a snapshot and sends the smaller. */
const DIFF_BYTES_BEFORE_COMPARING = 4 * 1024;
const PRUNE_EVERY_SEQS = 500;

export interface ApplyResult {
  outcome: Outcome;
  /** The serialized diff to broadcast, when the mutation changed something. */
  diffJson: string | null;
  /** What it changed, when it changed something (for the modules that react to changes). */
  effect?: Effect;
}

/** The snapshot's parts that the room's modules bring (the envelope and the facility itself are the hub's). */
export type SnapshotSlices = Omit<SnapshotMessage, "type" | "protocol" | "seq" | "facility">;

export type CatchUp = { kind: "changes"; json: string; count: number } | { kind: "snapshot"; json: string };

/**
 * One facility's authoritative state machine. It knows nothing of sockets or
 * HTTP: the Durable Object decodes and authorizes, this decides and persists.
 */
export class FacilityHub {
  #store: HubStore;
  #facility: Facility | null;
  #seq: number;
  #snapshotCache: { seq: number; json: string } | null = null;
  #slices: (store: HubStore) => SnapshotSlices;

  /** `slices` reads the modules' parts of the snapshot (party/room/modules.ts). */
  constructor(store: HubStore, slices: (store: HubStore) => SnapshotSlices) {
    this.#store = store;
    this.#slices = slices;
    const head = store.readFacility();
    this.#facility = head?.facility ?? null;
    this.#seq = head?.seq ?? 0;
  }

  get exists(): boolean {
    return this.#facility !== null;
  }

  get seq(): number {
    return this.#seq;
  }

  /** The open shift, if any (read from storage: shifts change rarely). */
  get openShift(): Shift | null {
    return this.#store.openShift();
  }

  get facility(): Facility | null {
    return this.#facility;
  }

  /** A new facility with these cars, blank, standing at its first location. */
  create(facility: Facility, carIds: readonly string[], now: string): void {
    const cars: CarRecord[] = carIds.map((id) => ({
      car: { ...blankCar(id, facility.locations[0]!, now, SYSTEM_NAME), version: 1 },
      fieldVersions: uniformFieldVersions(1),
    }));
    this.#store.transaction(() => this.#store.createFacility(facility, cars, now));
    this.#facility = facility;
    this.#seq = 0;
  }

  car(id: string): Car | null {
    return this.#store.getCar(id)?.car ?? null;
  }

  snapshot(): SnapshotMessage {
    return {
      type: "snapshot",
      protocol: PROTOCOL_VERSION,
      seq: this.#seq,
      facility: this.#requireFacility(),
      ...this.#slices(this.#store),
    };
  }

  /** The snapshot serialized once per seq: a reconnection storm pays for it once. */
  snapshotJson(): string {
    if (this.#snapshotCache?.seq !== this.#seq) {
      this.#snapshotCache = { seq: this.#seq, json: JSON.stringify(this.snapshot()) };
    }
    return this.#snapshotCache.json;
  }

  /** What a client that last saw `since` needs: the diffs after it, or a snapshot when that is cheaper or impossible. */
  catchUp(since: number | null): CatchUp {
    if (since === null || since <= 0 || since > this.#seq) return { kind: "snapshot", json: this.snapshotJson() };
    const diffs = this.#store.diffsSince(since);
    if (diffs === null) return { kind: "snapshot", json: this.snapshotJson() };
    const json = `{"type":"changes","since":${since},"seq":${this.#seq},"diffs":[${diffs.join(",")}]}`;
    if (json.length > DIFF_BYTES_BEFORE_COMPARING) {
      const snap = this.snapshotJson();
      if (snap.length < json.length) return { kind: "snapshot", json: snap };
    }
    return { kind: "changes", json, count: diffs.length };
  }

  /** Diffs after `since` for the HTTP poller, or null when it must reload a snapshot. */
  diffsSince(since: number): string[] | null {
    if (since > this.#seq) return null;
    if (since === this.#seq) return [];
    return this.#store.diffsSince(since);
  }

  apply(mutation: Mutation, actor: Actor, now: Date): ApplyResult {
    const facility = this.#requireFacility();
    const at = now.toISOString();
    let nextFacility: Facility | null = null;
    const result = this.#store.transaction((): ApplyResult => {
      const prior = this.#store.findOutcome(mutation.mutationId);
      if (prior) return { outcome: { ...prior, duplicate: true }, diffJson: null };

      const seq = this.#seq + 1;
      const plan = planMutation(this.#view(facility), mutation, { actor, now: at, seq });
      if (!plan.ok) {
        const outcome: Outcome = {
          type: "reject",
          mutationId: mutation.mutationId,
          code: plan.code,
          message: plan.message,
          duplicate: false,
          ...(plan.words ? { words: plan.words } : {}),
          ...(plan.car ? { car: plan.car } : {}),
          ...(plan.doors ? { doors: plan.doors } : {}),
        };
        this.#store.saveOutcome(mutation.mutationId, outcome, now.getTime());
        return { outcome, diffJson: null };
      }
      if (isNoop(plan.effect)) {
        const outcome: Outcome = { type: "ack", mutationId: mutation.mutationId, seq: this.#seq, duplicate: false };
        this.#store.saveOutcome(mutation.mutationId, outcome, now.getTime());
        return { outcome, diffJson: null };
      }
      const diffJson = JSON.stringify(diffOf(plan.effect, { seq, mutationId: mutation.mutationId, by: actor, at }));
      const audit: AuditEntry[] = plan.effect.audit.map((a) => ({
        ...a,
        door: a.door ?? "",
        trailer: a.trailer ?? "",
        seq,
        action: mutation.type,
        actor: actor.name,
        actorRole: actor.role,
        at,
        mutationId: mutation.mutationId,
      }));
      this.#store.commit(seq, plan.effect, diffJson, audit);
      const outcome: Outcome = { type: "ack", mutationId: mutation.mutationId, seq, duplicate: false };
      this.#store.saveOutcome(mutation.mutationId, outcome, now.getTime());
      if (seq % PRUNE_EVERY_SEQS === 0) this.#store.prune(now.getTime(), seq);
      nextFacility = plan.effect.facility;
      return { outcome, diffJson, effect: plan.effect };
    });
    // Memory follows storage only once the transaction has committed; a throw leaves both as they were.
    if (result.diffJson !== null && result.outcome.type === "ack") {
      this.#seq = result.outcome.seq;
      if (nextFacility) this.#facility = nextFacility;
    }
    return result;
  }

  /** The facility's state as the rules read it (the alerts' scheduler asks when it next has work). */
  view(): FacilityView | null {
    return this.#facility ? this.#view(this.#facility) : null;
  }

  #view(facility: Facility): FacilityView {
    const store = this.#store;
    return {
      facility,
      get shift() {
        return store.openShift();
      },
      getCar: (id) => store.getCar(id),
      listCars: () => store.listCars(),
      getDoor: (door) => store.getDoor(door) ?? emptyDoor(door),
      getVisit: (id) => store.getVisit(id),
      activeVisits: () => store.listVisits(null),
      visitsInView: () => store.listVisits(store.openShift()?.startedAt ?? null),
      listAlerts: () => store.listAlerts(),
    };
  }

  #requireFacility(): Facility {
    if (!this.#facility) throw new Error("facility is not initialised");
    return this.#facility;
  }
}
