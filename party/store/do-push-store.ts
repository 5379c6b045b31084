import { asc, count, eq, lte, min } from "drizzle-orm";
import type { PushPayload } from "../../shared";
import type { PushOutboxRow, PushStore, PushSubscriptionRecord } from "../room/push";
import type { Db } from "./do-rows";
import * as t from "./do-schema";

/** Push devices and the push outbox in the Durable Object's SQLite. */
export class DoPushStore implements PushStore {
  #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  saveSubscription(s: PushSubscriptionRecord): void {
    const { endpoint: _key, ...rest } = s;
    this.#db
      .insert(t.pushSubscriptions)
      .values(s)
      .onConflictDoUpdate({ target: t.pushSubscriptions.endpoint, set: rest })
      .run();
  }

  deleteSubscription(endpoint: string): boolean {
    this.#db.delete(t.pushOutbox).where(eq(t.pushOutbox.endpoint, endpoint)).run();
    const gone = this.#db
      .delete(t.pushSubscriptions)
      .where(eq(t.pushSubscriptions.endpoint, endpoint))
      .returning({ endpoint: t.pushSubscriptions.endpoint })
      .all();
    return gone.length > 0;
  }

  listSubscriptions(): PushSubscriptionRecord[] {
    return this.#db.select().from(t.pushSubscriptions).orderBy(asc(t.pushSubscriptions.createdAt)).all();
  }

  countSubscriptions(): number {
    return this.#db.select({ n: count() }).from(t.pushSubscriptions).get()?.n ?? 0;
  }

  markDelivered(endpoint: string, at: string): void {
    this.#db
      .update(t.pushSubscriptions)
      .set({ lastSuccessAt: at })
      .where(eq(t.pushSubscriptions.endpoint, endpoint))
      .run();
  }

  enqueuePush(endpoint: string, payload: PushPayload, dueAt: number): void {
    this.#db.insert(t.pushOutbox).values({ endpoint, payload, attempts: 0, dueAt }).run();
  }

  duePushes(now: number, limit: number): PushOutboxRow[] {
    return this.#db
      .select()
      .from(t.pushOutbox)
      .where(lte(t.pushOutbox.dueAt, now))
      .orderBy(asc(t.pushOutbox.dueAt), asc(t.pushOutbox.id))
      .limit(limit)
      .all();
  }

  nextPushAt(): number | null {
    return (
      this.#db
        .select({ at: min(t.pushOutbox.dueAt) })
        .from(t.pushOutbox)
        .get()?.at ?? null
    );
  }

  retryPush(id: number, attempts: number, dueAt: number): void {
    this.#db.update(t.pushOutbox).set({ attempts, dueAt }).where(eq(t.pushOutbox.id, id)).run();
  }

  deletePush(id: number): void {
    this.#db.delete(t.pushOutbox).where(eq(t.pushOutbox.id, id)).run();
  }
}
