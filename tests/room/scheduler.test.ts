import { describe, expect, it } from "vitest";
import type { Mutation } from "../../shared";
import { ManualClock } from "../../party/room/clock";
import { MemoryAlarm, Scheduler, type Job } from "../../party/room/scheduler";
import { newRoom, update, uuid } from "./harness";

const MIN = 60_000;

describe("one scheduler over the one alarm", () => {
  it("keeps the alarm at the earliest due job, runs only what is due, and re-arms for the rest", async () => {
    const clock = new ManualClock();
    const alarm = new MemoryAlarm(clock);
    const scheduler = new Scheduler(alarm, clock);
    const runs: string[] = [];
    const job = (name: string, at: number): Job & { at: number | null } => ({
      name,
      at,
      due() {
        return this.at;
      },
      run(now) {
        runs.push(`${name}@${now - t0}`);
        this.at = null;
      },
    });
    const t0 = clock.now();
    const a = job("a", t0 + 5 * MIN);
    const b = job("b", t0 + 2 * MIN);
    scheduler.add(a);
    scheduler.add(b);
    alarm.onRing = () => scheduler.ring();
    scheduler.arm();
    expect(await alarm.get()).toBe(t0 + 2 * MIN);
    await clock.advance(2 * MIN);
    expect(runs).toEqual([`b@${2 * MIN}`]);
    expect(await alarm.get()).toBe(t0 + 5 * MIN);
    await clock.advance(3 * MIN);
    expect(runs).toEqual([`b@${2 * MIN}`, `a@${5 * MIN}`]);
    expect(await alarm.get()).toBeNull();
  });
});

describe("the room's timed work", () => {
  it("flags every car not arrived as late at the cut-off, as the hub, once per shift", async () => {
    const t = newRoom();
    const sam = t.claims("supervisor", "sam");
    const wall = t.join(t.claims("display", "wall"));
    const kim = t.join(t.claims("crew", "kim"));
    t.mutate(kim, update("690330", { arrived: true }));
    const cutoff = new Date(t.clock.now() + 30 * MIN).toISOString();
    const start: Mutation = { type: "shift.start", mutationId: uuid(), cutoff };
    expect(t.room.mutate(start, sam).outcome.type).toBe("ack");
    await t.clock.advance(1000); // the audit flush rings first
    expect(t.room.nextAlarm).toBe(Date.parse(cutoff));
    wall.take("diff");
    await t.clock.advance(30 * MIN - 1001);
    expect(wall.take("diff")).toHaveLength(0);
    await t.clock.advance(1);
    const [flagged] = wall.take("diff");
    expect(flagged!.by).toEqual({ name: "system", role: "system" });
    const cars = t.room.hub.snapshot().cars;
    expect(cars.filter((c) => !c.arrived).every((c) => c.late)).toBe(true);
    expect(cars.find((c) => c.id === "690330")).toMatchObject({ arrived: true, late: false });
    // A supervisor clears one; the cut-off never runs again for this shift, even after a restart. What the hub
    // still sends as itself is alerts (the cut-off's, then 690330 not empty), never a car.
    t.room.mutate(update("690331", { late: false }), sam);
    await t.room.alarm();
    await t.clock.advance(60 * MIN);
    const system = wall.take("diff").filter((d) => d.by.name === "system");
    expect(system.flatMap((d) => d.cars)).toEqual([]);
    expect(system.flatMap((d) => d.alerts ?? []).map((a) => a.rule)).toEqual(["notEmpty"]);
    const arrivedAt = Date.parse(t.room.hub.car("690330")!.arrivedAt!);
    expect(t.room.nextAlarm).toBe(arrivedAt + 240 * MIN); // the next rule to come due: 690330 standing 4 h
  });

  it("drains the audit outbox on the alarm, backs off while the archive is down, and loses nothing", async () => {
    // Alert checks ring the alarm too; here they wait an hour so the flush's own rings are what is seen.
    const t = newRoom({ config: { flushDelayMs: 250, alertDelayMs: 60 * MIN } });
    await t.clock.advance(1000); // the demo's creation is flushed first
    const kim = t.claims("crew", "kim");
    t.room.mutate(update("128414", { arrived: true, notes: "first" }), kim);
    expect(t.store.auditPendingCount()).toBe(2);
    expect(t.room.nextAlarm).toBe(t.clock.now() + 250);
    await t.clock.advance(250);
    expect(t.store.auditPendingCount()).toBe(0);
    expect(t.archive.rows.map((r) => r.field).sort()).toEqual(["arrived", "notes"]);

    t.archive.down = true;
    t.room.mutate(update("128421", { late: true }), kim);
    await t.clock.advance(250);
    expect(t.store.auditPendingCount()).toBe(1);
    expect(t.kv.get("flushAttempts")).toBe(1);
    const page = await t.room.audit({ limit: 10 });
    expect(page).toMatchObject({ partial: true });
    expect(page.entries.map((e) => e.carId)).toEqual(["128421"]);
    await t.clock.advance(1000); // second attempt, still down: the wait doubles
    expect(t.kv.get("flushAttempts")).toBe(2);
    expect(t.room.nextAlarm).toBe(t.clock.now() + 2000);
    t.archive.down = false;
    await t.clock.advance(2000);
    expect(t.store.auditPendingCount()).toBe(0);
    expect(t.kv.get("flushAttempts")).toBeUndefined();
    expect(t.archive.rows.filter((r) => r.carId === "128421")).toHaveLength(1);
    expect((await t.room.audit({ limit: 10 })).partial).toBe(false);
  });
});
