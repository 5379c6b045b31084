import { opensFromSavedBoard, routeOf } from "../route";

// This device's IndexedDB. index.html loads this module as its own small script ahead of the app, so on a
// building's page the saved board is being read while the app's JavaScript is still loading, not after it:
// on the slow handheld that read came 60 to 90 ms after the app started, on the way to its first board.

const DB_NAME = "car-tracker";
const DB_VERSION = 1;

/** Resolves an IndexedDB request. */
export function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let opening: Promise<IDBDatabase> | null = null;
let created = (): void => undefined;
const createdNow = new Promise<void>((resolve) => (created = resolve));

/** One connection for the page. */
export function openDb(): Promise<IDBDatabase> {
  return (opening ??= openNow());
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

/** A facility's saved row as IndexedDB holds it: not yet parsed, so not yet trusted. */
export function readSaved(fid: string): Promise<unknown> {
  return openDb().then((db) => done(db.transaction("state", "readonly").objectStore("state").get(fid)));
}

let early: { fid: string; row: Promise<unknown> } | null = null;

/** The read started as the page loaded, for the first restore of that building only (later ones read anew). */
export function takeEarlyRead(fid: string): Promise<unknown> | null {
  const read = early?.fid === fid ? early.row : null;
  early = null;
  return read;
}

// Only the screens that open from the saved board: a supervisor's page never restores it, and reading 2,000
// cars for nothing would cost its start.
const route = typeof location === "undefined" ? null : routeOf(location.pathname);
if (route && opensFromSavedBoard(route) && typeof indexedDB !== "undefined") {
  const row = readSaved(route.fid);
  // Nothing waits on it unless the app asks; a failure is the app's to see when it does.
  row.catch(() => undefined);
  early = { fid: route.fid, row };
}
