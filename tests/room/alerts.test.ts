import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES, DEMO_CAR_IDS, MutationSchema, type Alert, type Mutation } from "../../shared";
import { newRoom, update, uuid } from "./harness";
import { FLUSH_DELAY_MS } from "../../party/room/jobs";

const MIN = 60_000;
const keys = (alerts: readonly Alert[]) => alerts.map((a) => a.key).sort();

/** A room whose first ring (the creation's flush and the start-up check) has passed, with a wall and people. */
async function floor() {
  const t = newRoom();
  await t.clock.advance(1000);
  const sam = t.claims("supervisor", "sam");
  const kim = t.claims("crew", "kim");
  const wall = t.join(t.claims("display", "wall"));
  const alerts = () => t.room.hub.snapshot().alerts;
  const raisedOn = () => wall.take("diff").flatMap((d) => (d.alerts ?? []).filter((a) => a.raisedAt === d.at));
  return { t, sam, kim, wall, alerts, raisedOn };
}

describe("alert rules, checked by the hub on its alarm", () => {
  it("raises one cut-off alert naming how many cars are out, follows the count, and clears when all are in", async () => {
    const { t, sam, kim, wall, alerts, raisedOn } = await floor();
    const cutoff = new Date(t.clock.now() + 30 * MIN).toISOString();
    t.room.mutate({ type: "shift.start", mutationId: uuid(), cutoff }, sam);
    const out = DEMO_CAR_IDS.slice(3);
    for (const id of DEMO_CAR_IDS.slice(0, 3)) t.room.mutate(update(id, { arrived: true }), kim);
    await t.clock.advance(30 * MIN - 1);
    expect(alerts()).toEqual([]);
    await t.clock.advance(1);
    expect(alerts()).toEqual([expect.objectContaining({ key: expect.stringMatching(/^cutoff:/), count: out.length })]);
    expect(raisedOn()).toHaveLength(1);
    // Every car in but one: the same alert, a smaller count, nothing raised again.
    for (const id of out.slice(1)) t.room.mutate(update(id, { empty: true }), kim);
    await t.clock.advance(1000);
    expect(alerts()).toEqual([expect.objectContaining({ count: 1 })]);
    expect(raisedOn()).toEqual([]);
    t.room.mutate(update(out[0]!, { arrived: true }), kim);
    await t.clock.advance(1000);
    const cleared = wall.take("diff").flatMap((d) => d.alertsCleared ?? []);
    expect(cleared).toEqual([expect.stringMatching(/^cutoff:/)]);
    const rows = t.archive.rows.concat(t.store.pendingAudit({ limit: 1000 }));
    const cut = rows.filter((r) => r.field.startsWith("alert/cutoff:")).map((r) => [r.actor, r.newValue]);
    expect(cut.sort()).toEqual([
      ["system", "cleared"],
      ["system", "raised"],
    ]);
  });

  it("raises a car not empty 45 minutes after it arrived once; an acknowledged alert is not raised again; it clears when emptied", async () => {
    const { t, sam, kim, alerts, raisedOn, wall } = await floor();
    t.room.mutate(update("128414", { arrived: true }), kim);
    await t.clock.advance(45 * MIN - 1000);
    expect(alerts()).toEqual([]);
    await t.clock.advance(1000);
    expect(keys(alerts())).toEqual(["notEmpty:128414"]);
    expect(raisedOn()).toHaveLength(1);
    await t.clock.advance(MIN);
    // Crew may not acknowledge; a supervisor does, and it stays (acknowledged) while the car is still full.
    const ack = (): Mutation => ({ type: "alert.ack", mutationId: uuid(), key: "notEmpty:128414" });
    expect(t.room.mutate(ack(), kim).outcome).toMatchObject({ type: "reject", code: "forbidden" });
    expect(t.room.mutate(ack(), sam).outcome.type).toBe("ack");
    expect(alerts()[0]).toMatchObject({ ackedBy: "sam" });
    t.room.mutate(update("128414", { notes: "door jammed" }), kim);
    await t.clock.advance(30 * MIN);
    expect(keys(alerts())).toEqual(["notEmpty:128414"]);
    expect(raisedOn()).toEqual([]);
    // A second acknowledgement changes nothing (no seq).
    const seq = t.room.hub.seq;
    expect(t.room.mutate(ack(), sam).outcome).toMatchObject({ type: "ack", seq });
    t.room.mutate(update("128414", { empty: true }), kim);
    await t.clock.advance(1000);
    expect(alerts()).toEqual([]);
    expect(wall.take("diff").flatMap((d) => d.alertsCleared ?? [])).toEqual(["notEmpty:128414"]);
  });

  it("raises a car standing 4 hours at one place, counted again from a move", async () => {
    const { t, kim, alerts } = await floor();
    const sam = t.claims("supervisor", "sam");
    const rules = { ...DEFAULT_ALERT_RULES, notEmpty: { on: false, minutes: 45 } };
    t.room.mutate({ type: "facility.setAlertRules", mutationId: uuid(), rules }, sam);
    t.room.mutate(update("128421", { arrived: true }), kim);
    await t.clock.advance(3 * 60 * MIN);
    t.room.mutate(update("128421", { location: "300" }), kim);
    await t.clock.advance(3 * 60 * MIN);
    expect(alerts()).toEqual([]);
    await t.clock.advance(60 * MIN);
    expect(keys(alerts())).toEqual(["standing:128421"]);
    t.room.mutate(update("128421", { location: "400" }), kim);
    await t.clock.advance(1000);
    expect(alerts()).toEqual([]);
  });

  it("raises a trailer with no progress for 20 minutes, at a door 3 hours, and a door expecting one for 30", async () => {
    const { t, kim, alerts } = await floor();
    const visitId = uuid();
    t.room.mutate(
      { type: "door.dock", mutationId: uuid(), door: "12", visitId, trailer: "53210", initialPercent: 100 },
      kim,
    );
    t.room.mutate({ type: "door.set", mutationId: uuid(), door: "14", state: "pending" }, kim);
    t.room.mutate({ type: "visit.progress", mutationId: uuid(), visitId, delta: -10 }, kim);
    await t.clock.advance(19 * MIN);
    t.room.mutate({ type: "visit.progress", mutationId: uuid(), visitId, delta: -10 }, kim);
    await t.clock.advance(19 * MIN);
    expect(keys(alerts())).toEqual(["doorPending:14"]);
    await t.clock.advance(MIN);
    expect(keys(alerts())).toEqual(["doorPending:14", `stalled:${visitId}`]);
    expect(alerts().find((a) => a.rule === "stalled")).toMatchObject({ door: "12", trailer: "53210" });
    t.room.mutate({ type: "visit.progress", mutationId: uuid(), visitId, delta: -25 }, kim);
    t.room.mutate(
      { type: "door.dock", mutationId: uuid(), door: "14", visitId: uuid(), trailer: "77", initialPercent: 50 },
      kim,
    );
    await t.clock.advance(1000);
    expect(alerts()).toEqual([]);
    // Progress every 15 minutes keeps "stalled" away; three hours at the door does not.
    for (let i = 0; i < 10; i++) {
      await t.clock.advance(15 * MIN);
      t.room.mutate({ type: "visit.progress", mutationId: uuid(), visitId, delta: -1 }, kim);
    }
    await t.clock.advance(1000);
    expect(keys(alerts())).toContain(`atDoor:${visitId}`);
    expect(keys(alerts()).some((k) => k.startsWith("stalled:"))).toBe(false);
  });

  it("takes the rules a supervisor sets (audited), clears what a rule turned off no longer holds, and wakes once", async () => {
    const { t, sam, kim, alerts } = await floor();
    t.room.mutate(update("128414", { arrived: true }), kim);
    await t.clock.advance(45 * MIN);
    expect(keys(alerts())).toEqual(["notEmpty:128414"]);
    const rules = { ...DEFAULT_ALERT_RULES, notEmpty: { on: false, minutes: 45 } };
    const set: Mutation = { type: "facility.setAlertRules", mutationId: uuid(), rules };
    expect(t.room.mutate(set, kim).outcome).toMatchObject({ code: "forbidden" });
    expect(t.room.mutate(set, sam).outcome.type).toBe("ack");
    await t.clock.advance(1000);
    expect(alerts()).toEqual([]);
    expect(t.room.hub.facility!.alertRules!.notEmpty.on).toBe(false);
    const rows = t.archive.rows.concat(t.store.pendingAudit({ limit: 1000 }));
    expect(rows.find((r) => r.field === "alert rule/notEmpty")).toMatchObject({
      actor: "sam",
      oldValue: "on, 45 min",
      newValue: "off",
    });
    await t.clock.advance(FLUSH_DELAY_MS); // the audit flush of the clear
    // The one alarm is at the earliest rule to come due (128414 standing 4 h), never a timer per car.
    const arrivedAt = Date.parse(t.room.hub.car("128414")!.arrivedAt!);
    expect(t.room.nextAlarm).toBe(arrivedAt + 240 * MIN);
    const bad = { type: "facility.setAlertRules", mutationId: uuid(), rules: { ...rules, stalled: { on: true } } };
    expect(MutationSchema.safeParse(bad).error?.issues[0]?.path).toEqual(["rules", "stalled", "minutes"]);
  });

  it("no session may send the hub's own check", () => {
    const t = newRoom();
    const sam = t.claims("supervisor", "sam");
    const check: Mutation = { type: "alerts.check", mutationId: uuid() };
    expect(t.room.mutate(check, sam).outcome).toMatchObject({ type: "reject", code: "forbidden" });
  });
});
