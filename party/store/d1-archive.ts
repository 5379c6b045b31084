import { tapsByPerson, type AuditPage, type AuditQuery, type PersonTaps } from "../../shared";
import { type UsageDay } from "../../shared/ops";
import type { OutboxStore } from "../hub/store";
import type { AuditArchive } from "../room/archive";
import { auditOrOutbox, auditRowsBetween, d1, flushOutbox } from "./d1-audit";
import { saveUsage } from "./d1-ops";
import { archiveFacility, markRetained, type RetentionPolicy } from "./retention";

/** The building's audit shard, read at each use: a building's shard is given to it at creation, after start. */
export type ShardOf = () => { name: string; db: D1Database };

/**
 * The audit's home beyond the facility: its D1 shard (audit rows and shift boards, read by the audit view),
 * and the directory (the building's row and its usage days).
 */
export class D1Archive implements AuditArchive {
  #directory: D1Database;
  #shard: ShardOf;
  #facilityId: string;
  #retention: { bucket: R2Bucket; policy: RetentionPolicy };

  constructor(
    directory: D1Database,
    shard: ShardOf,
    facilityId: string,
    retention: { bucket: R2Bucket; policy: RetentionPolicy },
  ) {
    this.#directory = directory;
    this.#shard = shard;
    this.#facilityId = facilityId;
    this.#retention = retention;
  }

  async retain(now: number): Promise<{ backlog: boolean }> {
    const { bucket, policy } = this.#retention;
    const done = await archiveFacility(this.#shard().db, bucket, this.#facilityId, now, policy);
    await markRetained(this.#directory, this.#facilityId, now);
    const { backlog, objects, ...moved } = done;
    if (objects.length > 0) console.log(JSON.stringify({ kind: "retention", facility: this.#facilityId, ...moved }));
    return { backlog };
  }

  async flush(outbox: OutboxStore): Promise<void> {
    const shard = this.#shard();
    await flushOutbox(outbox, d1(shard.db), this.#facilityId, { db: d1(this.#directory), shard: shard.name });
  }

  async people(outbox: OutboxStore, from: string, to: string): Promise<PersonTaps[]> {
    const q = { from, to, limit: Number.MAX_SAFE_INTEGER };
    const stored = await auditRowsBetween(d1(this.#shard().db), this.#facilityId, from, to);
    return tapsByPerson([...outbox.pendingAudit(q), ...stored]);
  }

  saveUsage(rows: UsageDay[]): Promise<void> {
    return saveUsage(d1(this.#directory), rows);
  }

  page(outbox: OutboxStore, q: AuditQuery): Promise<AuditPage> {
    return auditOrOutbox(outbox, this.#shard().db, this.#facilityId, q);
  }
}
