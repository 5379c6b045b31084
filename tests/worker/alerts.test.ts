import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES, SnapshotMessageSchema, type Mutation, type Role } from "../../shared";
import { LEAK, TestSocket, api, createFacility, postMutation, uuid } from "./helpers";

async function expectCode(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toMatch(LEAK);
  expect(JSON.parse(text)).toMatchObject({ code, error: expect.any(String) });
}

const send = (fid: string, m: unknown, role: Role = "supervisor", name = "sam") => postMutation(m, fid, name, role);
const state = async (fid: string) =>
  SnapshotMessageSchema.parse(await (await api(`/api/facilities/${fid}/state`)).json());

const subscription = (n: number) => ({
  endpoint: `https://push.example.com/send/device-${n}`,
  expirationTime: null,
  keys: {
    p256dh: `B${"A".repeat(86)}`,
    auth: "AAAAAAAAAAAAAAAAAAAAAA",
  },
  timeZone: "America/Chicago",
});

describe("alerts in the hub (workerd)", () => {
  it("raises the cut-off alert on the alarm as the hub, live on a wall, and a supervisor acknowledges it", async () => {
    await createFacility("alerts-cutoff");
    const wall = await TestSocket.open({ facility: "alerts-cutoff", role: "display", name: "wall" });
    await wall.next("snapshot");
    const cars = ["101", "102", "103"].map((id) => ({ id }));
    expect((await send("alerts-cutoff", { type: "fleet.import", mutationId: uuid(), cars })).status).toBe(200);
    expect(
      (await send("alerts-cutoff", { type: "car.update", mutationId: uuid(), carId: "101", patch: { arrived: true } }))
        .status,
    ).toBe(200);
    const cutoff = new Date(Date.now() - 1000).toISOString();
    expect((await send("alerts-cutoff", { type: "shift.start", mutationId: uuid(), cutoff })).status).toBe(200);
    const hub = env.Facility.getByName("alerts-cutoff");
    // The one alarm runs the cut-off, then the rules (workerd may have rung it already: the cut-off is past).
    await runDurableObjectAlarm(hub);
    const raised = await wall.next("diff", (d) => (d.alerts ?? []).length > 0);
    expect(raised.by).toEqual({ name: "system", role: "system" });
    const [alert] = raised.alerts!;
    expect(alert).toMatchObject({ rule: "cutoff", ackedBy: null, count: 2 });
    expect((await state("alerts-cutoff")).alerts.map((a) => a.key)).toEqual([alert!.key]);

    const ack: Mutation = { type: "alert.ack", mutationId: uuid(), key: alert!.key };
    await expectCode(await send("alerts-cutoff", ack, "crew", "kim"), 403, "forbidden");
    expect((await send("alerts-cutoff", ack)).status).toBe(200);
    const acked = await wall.next("diff", (d) => d.mutationId === ack.mutationId);
    expect(acked.alerts![0]).toMatchObject({ key: alert!.key, ackedBy: "sam" });
    await runDurableObjectAlarm(hub);
    const audit = (await (await api("/api/facilities/alerts-cutoff/audit?limit=50")).json()) as {
      entries: { field: string; actor: string; newValue: string }[];
    };
    const rows = audit.entries.filter((e) => e.field === `alert/${alert!.key}`);
    expect(rows.map((r) => [r.actor, r.newValue])).toEqual([
      ["sam", "acknowledged"],
      ["system", "raised"],
    ]);
    wall.close();
  });

  it("refuses bad rules and acknowledgements with the same codes on HTTP and the socket; hub-only checks are forbidden", async () => {
    await createFacility("alerts-bad");
    const sam = await TestSocket.open({ facility: "alerts-bad", role: "supervisor", name: "sam" });
    await sam.next("snapshot");
    const bad = [
      { type: "facility.setAlertRules", mutationId: uuid(), rules: { ...DEFAULT_ALERT_RULES, atDoor: { on: true } } },
      {
        type: "facility.setAlertRules",
        mutationId: uuid(),
        rules: { ...DEFAULT_ALERT_RULES, stalled: { on: true, minutes: 0 } },
      },
      { type: "alert.ack", mutationId: uuid(), key: "" },
    ];
    for (const m of bad) {
      await expectCode(await send("alerts-bad", m), 400, "invalid_message");
      sam.send({ type: "mutate", mutation: m });
      // The socket names the mutation it refuses, so the phone drops it from its outbox.
      expect(await sam.next("reject", (r) => r.mutationId === m.mutationId)).toMatchObject({ code: "invalid_message" });
    }
    const check = { type: "alerts.check", mutationId: uuid() };
    await expectCode(await send("alerts-bad", check), 403, "forbidden");
    const rules = { ...DEFAULT_ALERT_RULES, doorPending: { on: false, minutes: 30 } };
    expect((await send("alerts-bad", { type: "facility.setAlertRules", mutationId: uuid(), rules })).status).toBe(200);
    expect((await state("alerts-bad")).facility.alertRules).toEqual(rules);
    sam.close();
  });

  it("takes push subscriptions over https, lists them to supervisors without keys, and gives the VAPID key", async () => {
    await createFacility("alerts-push");
    const key = await (await api("/api/push/vapid-key", { as: null })).json();
    expect(key).toEqual({ publicKey: env.VAPID_PUBLIC_KEY });
    await expectCode(await api("/api/push/vapid-key", { method: "POST", as: null }), 405, "method_not_allowed");
    const path = "/api/facilities/alerts-push/push-subscriptions";
    expect((await api(path, { method: "POST", json: subscription(1) })).status).toBe(201);
    // A device says which words its pushes come in; the hub keeps it (a column of the DO's SQLite).
    expect((await api(path, { method: "POST", json: { ...subscription(1), lang: "es" } })).status).toBe(201);
    await expectCode(
      await api(path, { method: "POST", json: { ...subscription(1), lang: "fr" } }),
      400,
      "invalid_message",
    );
    await expectCode(await api(path, { method: "POST", as: null, json: subscription(2) }), 401, "unauthorized");
    const loop = { ...subscription(3), endpoint: "http://push.example.com/send/device-3" };
    await expectCode(await api(path, { method: "POST", json: loop }), 400, "invalid_message");
    await expectCode(
      await api(path, { method: "POST", body: "{", headers: { "content-type": "application/json" } }),
      400,
      "bad_json",
    );
    await expectCode(await api(path, { method: "PATCH", json: {} }), 405, "method_not_allowed");
    const listed = (await (await api(path)).json()) as { devices: Record<string, unknown>[] };
    expect(listed.devices).toEqual([
      {
        person: "supervisor-tester",
        role: "supervisor",
        service: "push.example.com",
        createdAt: expect.any(String),
        lastSuccessAt: null,
      },
    ]);
    const removed = await api(path, { method: "DELETE", json: { endpoint: subscription(1).endpoint } });
    expect(await removed.json()).toEqual({ removed: true });
  });
});
