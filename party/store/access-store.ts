import { eq, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { Role } from "../../shared";
import type { AccessStore, CodeRow } from "../auth/access-guard";
import * as t from "./do-schema";

type Db = DrizzleSqliteDODatabase<typeof t>;

/** Access codes and revoked sessions in the facility's own SQLite, next to the cars they guard. */
export class DoAccessStore implements AccessStore {
  #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  codes(): CodeRow[] {
    return this.#db
      .select()
      .from(t.accessCodes)
      .all()
      .map((r) => ({ ...r, role: r.role as Role }));
  }

  saveCode(row: CodeRow): void {
    this.#db
      .insert(t.accessCodes)
      .values(row)
      .onConflictDoUpdate({ target: t.accessCodes.role, set: { ...row } })
      .run();
  }

  revoke(sid: string, expiresAt: number): void {
    this.#db.insert(t.revokedSessions).values({ sid, expiresAt }).onConflictDoNothing().run();
  }

  isRevoked(sid: string): boolean {
    return this.#db.select().from(t.revokedSessions).where(eq(t.revokedSessions.sid, sid)).get() !== undefined;
  }

  pruneRevoked(nowMs: number): void {
    this.#db.delete(t.revokedSessions).where(lte(t.revokedSessions.expiresAt, nowMs)).run();
  }
}
