import type { AuditPage, AuditQuery, UsageDay } from "../../shared";
import type { OutboxStore } from "../hub/store";
import type { AuditArchive } from "../room/archive";
import { auditOrOutbox, d1, flushOutbox } from "./d1-audit";
import { saveUsage } from "./d1-ops";

/** The audit's home beyond the facility: D1, shared by every facility and read by the audit view. */
export class D1Archive implements AuditArchive {
  #db: D1Database;
  #facilityId: string;

  constructor(db: D1Database, facilityId: string) {
    this.#db = db;
    this.#facilityId = facilityId;
  }

  async flush(outbox: OutboxStore): Promise<void> {
    await flushOutbox(outbox, d1(this.#db), this.#facilityId);
  }

  saveUsage(rows: UsageDay[]): Promise<void> {
    return saveUsage(d1(this.#db), rows);
  }

  page(outbox: OutboxStore, q: AuditQuery): Promise<AuditPage> {
    return auditOrOutbox(outbox, this.#db, this.#facilityId, q);
  }
}
