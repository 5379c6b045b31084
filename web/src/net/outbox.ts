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

function openDb(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    // Auto-increment keys keep tap order across tabs and reloads.
    const outbox = db.createObjectStore("outbox", { autoIncrement: true });
    outbox.createIndex("byMutation", "mutation.mutationId", { unique: true });
    outbox.createIndex("byFacility", "fid");
    db.createObjectStore("state", { keyPath: "fid" });
  };
  return done(req);
}

/**
 * Every tap is written here before it is sent, and leaves only when the hub has
 * acknowledged or rejected it: a reload, a killed tab or a reboot loses nothing.
 * Shared by the tabs of one origin; one of them replays at a time (Web Locks).
 */
export class Outbox {
  #db: IDBDatabase;
  #fid: string;

  private constructor(db: IDBDatabase, fid: string) {
    this.#db = db;
    this.#fid = fid;
  }

  static async open(fid: string): Promise<Outbox> {
    return new Outbox(await openDb(), fid);
  }

  async add(mutation: Mutation): Promise<void> {
    const tx = this.#db.transaction("outbox", "readwrite");
    tx.objectStore("outbox").put({ fid: this.#fid, mutation, at: Date.now() });
    await committed(tx);
  }

  async remove(mutationId: string): Promise<void> {
    const tx = this.#db.transaction("outbox", "readwrite");
    const store = tx.objectStore("outbox");
    const key = await done(store.index("byMutation").getKey(mutationId));
    if (key !== undefined) store.delete(key);
    await committed(tx);
  }

  /** This facility's waiting mutations, oldest first; anything unreadable is dropped, not replayed. */
  async list(): Promise<Mutation[]> {
    const tx = this.#db.transaction("outbox", "readonly");
    const rows = await done(tx.objectStore("outbox").index("byFacility").getAll(this.#fid));
    const out: Mutation[] = [];
    for (const row of rows as { mutation: unknown }[]) {
      const m = MutationSchema.safeParse(row.mutation);
      if (m.success) out.push(m.data);
    }
    return out;
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
