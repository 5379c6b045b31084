import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../shared";
import { MemoryArchive } from "../../party/room/archive";
import { ManualClock } from "../../party/room/clock";
import { MemoryKv } from "../../party/room/kv";
import { BACKLOG_AGAIN_MS, RETRY_MS, RetentionJob, retentionSlot } from "../../party/room/retention-job";
import { newRoom } from "./harness";

// Each building moves its own old audit rows out of its D1 shard from its alarm (party/room/retention-job.ts),
// here over the in-memory archive on the room's clock; tests/worker/retention.test.ts runs it on D1 and R2.

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const entry = (seq: number, at: number): AuditEntry => ({
  seq,
  carId: `C-${seq}`,
  action: "car.update",
  field: "late",
  oldValue: "false",
  newValue: "true",
  actor: "kim",
  actorRole: "crew",
  door: "",
  trailer: "",
  at: iso(at),
  mutationId: `m-${seq}`,
});

/** The first of this building's daily times after `t`. */
function slotAfter(t: number, name: string): number {
  const at = Math.floor(t / DAY) * DAY + retentionSlot(name);
  return at > t ? at : at + DAY;
}

/** A room with no building on it (so no other job rings), and an archive holding rows of various ages. */
function roomWithOldRows(ages: number[]) {
  const t = newRoom({ demo: false });
  const start = t.clock.now();
  t.archive.rows.push(...ages.map((days, i) => entry(i + 1, start - days * DAY)));
  const untilSlot = async () => {
    await t.clock.advance(slotAfter(t.clock.now(), t.room.name) - t.clock.now());
    await t.room.retention.idle();
  };
  return { t, start, untilSlot, seqs: (rows: AuditEntry[]) => rows.map((e) => e.seq) };
}

describe("retention from the building's own alarm", () => {
  it("runs once a day at the building's own time and moves only the rows past 400 days", async () => {
    const { t, start, untilSlot, seqs } = roomWithOldRows([500, 401, 399, 1]);
    const slot = slotAfter(start, t.room.name);
    expect(t.room.retention.due()).toBe(slot);
    await t.clock.advance(slot - start - 1);
    expect(t.archive.retained).toEqual([]);
    await untilSlot();
    expect(seqs(t.archive.retained)).toEqual([1, 2]);
    expect(seqs(t.archive.rows)).toEqual([3, 4]);
    expect(t.room.retention.due()).toBe(slot + DAY);

    // A day later the row that was 399 days old is past 400.
    await untilSlot();
    expect(seqs(t.archive.retained)).toEqual([1, 2, 3]);
    expect(t.room.retention.due()).toBe(slot + 2 * DAY);
  });

  it("comes back every ten minutes while a backlog is left, and in an hour when the archive is down", async () => {
    const { t, untilSlot, seqs } = roomWithOldRows([700, 600, 500]);
    t.archive.retention.batch = 1;
    await untilSlot();
    const first = t.clock.now();
    expect(seqs(t.archive.retained)).toEqual([1]);
    expect(t.room.retention.due()).toBe(first + BACKLOG_AGAIN_MS);

    t.archive.down = true;
    await t.clock.advance(BACKLOG_AGAIN_MS);
    await t.room.retention.idle();
    expect(seqs(t.archive.retained)).toEqual([1]);
    expect(t.room.retention.due()).toBe(first + BACKLOG_AGAIN_MS + RETRY_MS);

    t.archive.down = false;
    await t.clock.advance(RETRY_MS);
    await t.room.retention.idle();
    await t.clock.advance(BACKLOG_AGAIN_MS);
    await t.room.retention.idle();
    expect(seqs(t.archive.retained)).toEqual([1, 2, 3]);
    expect(t.room.retention.due()).toBe(slotAfter(t.clock.now(), t.room.name));
  });

  it("runs at the next ring when the Worker's cron wakes a building that is behind", async () => {
    const { t, start, seqs } = roomWithOldRows([450]);
    expect(t.room.calls.retainSoon()).toEqual({ ok: true, value: null });
    expect(t.room.retention.due()).toBe(start);
    await t.clock.advance(0);
    await t.room.retention.idle();
    expect(seqs(t.archive.retained)).toEqual([1]);
    expect(t.room.retention.due()).toBe(slotAfter(start, t.room.name));
  });

  it("neither repeats nor skips a day's run across a restart", async () => {
    const clock = new ManualClock();
    const kv = new MemoryKv();
    const archive = new MemoryArchive();
    const job = () => new RetentionJob({ archive, kv, clock, name: "restarted" });
    const slot = slotAfter(clock.now(), "restarted");
    const before = job();
    await clock.advance(slot - clock.now());
    before.run(clock.now());
    await before.idle();
    // Started again after today's run: tomorrow's time, not now.
    expect(job().due()).toBe(slot + DAY);

    // Not running for three days (evicted with its alarm lost): due at once when it starts again.
    await clock.advance(3 * DAY + 1);
    expect(job().due()).toBeLessThanOrEqual(clock.now());
  });
});
