import type { AccessStore, CodeRow } from "../auth/access-guard";

/** The in-memory twin of DoAccessStore, for the room's tests in Node. */
export class MemoryAccessStore implements AccessStore {
  #codes = new Map<string, CodeRow>();
  #revoked = new Map<string, number>();

  codes(): CodeRow[] {
    return [...this.#codes.values()].map((r) => ({ ...r }));
  }

  saveCode(row: CodeRow): void {
    this.#codes.set(row.role, { ...row });
  }

  revoke(sid: string, expiresAt: number): void {
    if (!this.#revoked.has(sid)) this.#revoked.set(sid, expiresAt);
  }

  isRevoked(sid: string): boolean {
    return this.#revoked.has(sid);
  }

  pruneRevoked(nowMs: number): void {
    for (const [sid, exp] of this.#revoked) if (exp <= nowMs) this.#revoked.delete(sid);
  }
}
