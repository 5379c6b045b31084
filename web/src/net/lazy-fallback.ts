import type { Mutation } from "../../../shared";
import type { Fallback } from "./ports";

/**
 * A fallback whose code loads the first time it is used: most screens keep their socket and never poll, so the
 * HTTP fallback is no part of the first board. The screen loads its chunk once the board is on screen
 * (ui/later.ts), before any Wi-Fi drop that would need it. Calls keep their order: each waits on the same load.
 */
export class LazyFallback implements Fallback {
  #load: () => Promise<Fallback>;
  #loaded: Promise<Fallback> | null = null;
  #wanted = false;
  #disposed = false;

  constructor(load: () => Promise<Fallback>) {
    this.#load = load;
  }

  start(): void {
    this.#wanted = true;
    void this.#get().then((f) => {
      // Stopped or disposed while it loaded: the later call has the last word.
      if (this.#wanted && !this.#disposed) f.start();
    }, ignore);
  }

  stop(): void {
    this.#wanted = false;
    void this.#loaded?.then((f) => f.stop(), ignore);
  }

  async send(mutation: Mutation): Promise<void> {
    // Not loaded (no network, no cached chunk): the tap stays pending, as when a poll fails.
    const f = await this.#get().catch(() => null);
    await f?.send(mutation);
  }

  dispose(): void {
    this.#disposed = true;
    this.#wanted = false;
    void this.#loaded?.then((f) => f.dispose(), ignore);
  }

  #get(): Promise<Fallback> {
    // A failed load (offline before the chunk was ever cached) is tried again on the next call.
    this.#loaded ??= this.#load().catch((err: unknown) => {
      this.#loaded = null;
      throw err;
    });
    return this.#loaded;
  }
}

const ignore = () => undefined;
