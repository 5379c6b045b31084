import type { PushPayload } from "../../shared";
import type { PushOutboxRow, PushStore, PushSubscriptionRecord } from "../room/push";

/** The in-memory twin of the push tables (tests/contract/push-store.contract.ts holds both to one contract). */
export class MemoryPushStore implements PushStore {
  #devices = new Map<string, PushSubscriptionRecord>();
  #outbox = new Map<number, PushOutboxRow>();
  #nextId = 1;

  saveSubscription(s: PushSubscriptionRecord): void {
    this.#devices.set(s.endpoint, { ...s });
  }

  deleteSubscription(endpoint: string): boolean {
    for (const [id, row] of this.#outbox) if (row.endpoint === endpoint) this.#outbox.delete(id);
    return this.#devices.delete(endpoint);
  }

  listSubscriptions(): PushSubscriptionRecord[] {
    return [...this.#devices.values()].sort((a, b) => cmp(a.createdAt, b.createdAt)).map((s) => ({ ...s }));
  }

  countSubscriptions(): number {
    return this.#devices.size;
  }

  markDelivered(endpoint: string, at: string): void {
    const d = this.#devices.get(endpoint);
    if (d) d.lastSuccessAt = at;
  }

  enqueuePush(endpoint: string, payload: PushPayload, dueAt: number): void {
    const id = this.#nextId++;
    this.#outbox.set(id, { id, endpoint, payload: structuredClone(payload), attempts: 0, dueAt });
  }

  duePushes(now: number, limit: number): PushOutboxRow[] {
    return [...this.#outbox.values()]
      .filter((r) => r.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  nextPushAt(): number | null {
    let at: number | null = null;
    for (const r of this.#outbox.values()) if (at === null || r.dueAt < at) at = r.dueAt;
    return at;
  }

  retryPush(id: number, attempts: number, dueAt: number): void {
    const r = this.#outbox.get(id);
    if (r) this.#outbox.set(id, { ...r, attempts, dueAt });
  }

  deletePush(id: number): void {
    this.#outbox.delete(id);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
