import type { WaitingTaps } from "./ports";
import { MutationSchema, SnapshotMessageSchema, type Mutation, type SnapshotMessage } from "../../../shared";

const DB_NAME = "car-tracker";
const DB_VERSION = 1;

/** Resolves an IndexedDB request. */
function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

let opening: Promise<IDBDatabase> | null = null;
let created = (): void => undefined;
const createdNow = new Promise<void>((resolve) => (created = resolve));

/** One connection for the page, opened as early as the page likes (see `openStorageEarly`). */
function openDb(): Promise<IDBDatabase> {
  return (opening ??= openNow());
}

/** Opens this device's store while the page's first render runs, instead of after it. */
export function openStorageEarly(): void {
  void openDb().catch(() => undefined);
}

/**
 * Resolves as soon as this device's store turns out to be new, so there is nothing saved to restore; never when
 * it was there. Creating it takes a slow handheld about half a second to commit, which nothing need wait for.
 */
export function storageIsNew(): Promise<void> {
  return createdNow;
}

function openNow(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = (e) => {
    if (e.oldVersion === 0) created();
    const db = req.result;
    // Auto-increment keys keep tap order across tabs and reloads.
    const outbox = db.createObjectStore("outbox", { autoIncrement: true });
    outbox.createIndex("byMutation", "mutation.mutationId", { unique: true });
    outbox.createIndex("byFacility", "fid");
    db.createObjectStore("state", { keyPath: "fid" });
  };
  return done(req);
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
    tx.objectStore("state").put({ fid: this.#fid, snapshot, savedAt: Date.now() });
    await committed(tx);
  }

  async loadState(): Promise<{ snapshot: SnapshotMessage; savedAt: number } | null> {
    const tx = this.#db.transaction("state", "readonly");
    const row = (await done(tx.objectStore("state").get(this.#fid))) as
      { snapshot: unknown; savedAt: number } | undefined;
    if (!row) return null;
    const snap = SnapshotMessageSchema.safeParse(row.snapshot);
    return snap.success ? { snapshot: snap.data, savedAt: row.savedAt } : null;
  }
}
