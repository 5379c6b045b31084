import type { WaitingTaps } from "./ports";
import { boardKept, boardToKeep } from "./saved-board";
import { done, openDb, readSaved, takeEarlyRead } from "./storage";
import { MutationSchema, type Mutation, type SnapshotMessage } from "../../../shared";

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

interface OutboxRow {
  fid: string;
  mutation: unknown;
  by?: unknown;
  at: number;
}

/**
 * Every tap is written here before it is sent, and leaves only when the hub has
 * acknowledged or rejected it: a reload, a killed tab or a reboot loses nothing.
 * Shared by the tabs of one origin; one of them replays at a time (Web Locks).
 */
export class Outbox implements WaitingTaps {
  #db: IDBDatabase;
  #fid: string;

  private constructor(db: IDBDatabase, fid: string) {
    this.#db = db;
    this.#fid = fid;
  }

  static async open(fid: string): Promise<Outbox> {
    return new Outbox(await openDb(), fid);
  }

  /** `by` is the signed-in person's name: the hub records whoever sends a tap, so only they may send it. */
  async add(mutation: Mutation, by: string): Promise<void> {
    const tx = this.#db.transaction("outbox", "readwrite");
    tx.objectStore("outbox").put({ fid: this.#fid, mutation, by, at: Date.now() });
    // Ask for the commit now rather than when the task ends: a tab closed a moment after the tap
    // aborts a transaction that is still open, and the tap with it.
    tx.commit();
    await committed(tx);
  }

  async remove(mutationIds: readonly string[]): Promise<void> {
    const tx = this.#db.transaction("outbox", "readwrite");
    const store = tx.objectStore("outbox");
    const keys = await Promise.all(mutationIds.map((id) => done(store.index("byMutation").getKey(id))));
    for (const key of keys) if (key !== undefined) store.delete(key);
    await committed(tx);
  }

  /**
   * This facility's mutations waiting for `by`, oldest first; anything unreadable is dropped, not replayed.
   * Rows from before taps carried a name belong to whoever signs in.
   */
  async list(by: string): Promise<Mutation[]> {
    const out: Mutation[] = [];
    for (const row of await this.#rows()) {
      if (row.by !== undefined && row.by !== by) continue;
      const m = MutationSchema.safeParse(row.mutation);
      if (m.success) out.push(m.data);
    }
    return out;
  }

  /** Taps other people made on this device and have not sent yet, per person. */
  async othersWaiting(by: string): Promise<{ name: string; count: number }[]> {
    const counts = new Map<string, number>();
    for (const row of await this.#rows()) {
      if (typeof row.by === "string" && row.by !== by) counts.set(row.by, (counts.get(row.by) ?? 0) + 1);
    }
    return [...counts].map(([name, count]) => ({ name, count }));
  }

  /** The person signed in takes over another's waiting taps, knowing the hub will record them as theirs. */
  async adopt(from: string, to: string): Promise<void> {
    const tx = this.#db.transaction("outbox", "readwrite");
    const cursor = tx.objectStore("outbox").index("byFacility").openCursor(this.#fid);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      const row = c.value as OutboxRow;
      if (row.by === from) c.update({ ...row, by: to });
      c.continue();
    };
    await committed(tx);
  }

  async #rows(): Promise<OutboxRow[]> {
    const tx = this.#db.transaction("outbox", "readonly");
    return (await done(tx.objectStore("outbox").index("byFacility").getAll(this.#fid))) as OutboxRow[];
  }

  /** The last state this device saw, for opening with no network at all. */
  async saveState(snapshot: SnapshotMessage): Promise<void> {
    const tx = this.#db.transaction("state", "readwrite");
    tx.objectStore("state").put({ fid: this.#fid, ...boardToKeep(snapshot), savedAt: Date.now() });
    await committed(tx);
  }

  async loadState(): Promise<{ snapshot: SnapshotMessage; savedAt: number } | null> {
    const row = await (takeEarlyRead(this.#fid) ?? readSaved(this.#fid));
    if (typeof row !== "object" || row === null) return null;
    if (!("savedAt" in row) || typeof row.savedAt !== "number") return null;
    const snapshot = boardKept(row);
    return snapshot ? { snapshot, savedAt: row.savedAt } : null;
  }
}
