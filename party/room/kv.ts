/**
 * A few small values the room keeps beside its tables (flush attempts, the cut-off done). A Durable Object's
 * `ctx.storage.kv` is one: synchronous, and committed with the turn that wrote it.
 */
export interface RoomKv {
  get<T = unknown>(key: string): T | undefined;
  put<T>(key: string, value: T): void;
  delete(key: string): boolean;
}

export class MemoryKv implements RoomKv {
  #m = new Map<string, unknown>();

  get<T = unknown>(key: string): T | undefined {
    return structuredClone(this.#m.get(key)) as T | undefined;
  }

  put<T>(key: string, value: T): void {
    this.#m.set(key, structuredClone(value));
  }

  delete(key: string): boolean {
    return this.#m.delete(key);
  }
}
