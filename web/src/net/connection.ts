import { SnapshotMessageSchema, type Mutation } from "../../../shared";
import type { FacilityStoreApi } from "../store/facility-store";
import { LazyFallback } from "./lazy-fallback";
import { Outbox } from "./outbox";
import { storageIsNew } from "./storage";
import { browserDevice, type WaitingTaps } from "./ports";
import { keepSaved, type Saving } from "./saved-state";
import { SocketLink } from "./socket-link";
import { SyncEngine } from "./sync-engine";

/** How long the first board over HTTP may hold the socket back. */
const BOARD_WAIT_MS = 3_000;

/**
 * One facility screen's connection in the browser: the sync engine wired to a PartySocket, the HTTP
 * fallback, the IndexedDB outbox, saved state and the page's online/offline events.
 */
export class FacilityConnection {
  #fid: string;
  #engine: SyncEngine;
  #outbox: Promise<WaitingTaps | null>;
  #store: FacilityStoreApi;
  #link: SocketLink | null = null;
  #saving: Saving | null = null;
  #stopped = false;

  /** The session travels in the HttpOnly cookie, on the socket and on every poll; nothing here holds it. */
  constructor(fid: string, by: string, store: FacilityStoreApi) {
    this.#fid = fid;
    this.#store = store;
    this.#outbox = Outbox.open(fid).catch((err: unknown) => {
      console.warn("no IndexedDB; waiting changes will not survive a reload", err);
      return null;
    });
    this.#engine = new SyncEngine({
      fid,
      by,
      store,
      device: browserDevice,
      outbox: this.#outbox,
      fallback: (dispatch) =>
        new LazyFallback(() =>
          import("./http-fallback").then(
            ({ HttpFallback }) =>
              new HttpFallback({ fid, store, dispatch, device: browserDevice, fetch: (p, i) => fetch(p, i) }),
          ),
        ),
    });
  }

  /**
   * Restores what this device had, then connects: the socket then asks only for what changed since. On a device's
   * first open there is nothing to restore (known as soon as the store turns out new), and the board comes over
   * HTTP first.
   */
  start(): void {
    void Promise.race([this.#engine.restore(), storageIsNew()])
      .then(() => this.#boardOverHttp())
      .finally(() => {
        if (this.#stopped) return;
        this.#link = new SocketLink(this.#fid, this.#engine);
        this.#engine.attach(this.#link);
        window.addEventListener("online", this.#onOnline);
        window.addEventListener("offline", this.#onOffline);
      });
    this.#saving = keepSaved(this.#store, this.#outbox, browserDevice);
    // A handheld put in a pocket or switched off may not run again for a while: what waits is saved now.
    document.addEventListener("visibilitychange", this.#onHidden);
  }

  /**
   * With no board on the device, the first comes over HTTP: the page asked for it with itself (a Link preload in
   * web/public/_headers), so on a first visit it is here by now, where a socket would still be shaking hands
   * before sending it (about half a second of a slow handheld's first board). Not the HTTP fallback's first poll:
   * a refusal here may be the page's early answer from before this person signed in, so it is left to the socket
   * (which asks with the cookie of now), and so is no network.
   */
  async #boardOverHttp(): Promise<void> {
    if (this.#store.getState().confirmed) return;
    try {
      // Bounded: Wi-Fi that reaches nothing must not keep the socket from trying.
      const res = await fetch(`/api/facilities/${this.#fid}/state`, { signal: AbortSignal.timeout(BOARD_WAIT_MS) });
      if (!res.ok) return;
      const snapshot = SnapshotMessageSchema.safeParse(await res.json());
      if (snapshot.success && !this.#stopped && !this.#store.getState().confirmed) this.#engine.dispatch(snapshot.data);
    } catch {
      // Offline or unreachable: the socket and its fallback take it from here.
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#saving?.stop();
    document.removeEventListener("visibilitychange", this.#onHidden);
    this.#link?.close();
    this.#engine.stop();
    window.removeEventListener("online", this.#onOnline);
    window.removeEventListener("offline", this.#onOffline);
  }

  send(mutation: Mutation): void {
    void this.#engine.send(mutation);
  }

  adopt(from: string): Promise<void> {
    return this.#engine.adopt(from);
  }

  #onOnline = () => this.#link?.reconnect();
  #onHidden = () => {
    if (document.visibilityState === "hidden") this.#saving?.flush();
  };
  #onOffline = () => this.#engine.wentOffline();
}
