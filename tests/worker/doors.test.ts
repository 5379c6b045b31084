import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AuditPageSchema, SnapshotMessageSchema, type Role } from "../../shared";
import { REFUSALS } from "../../shared/domain/board-refusals";
import { expectDoorInvariants } from "../contract/door-invariants";
import { LEAK, TestSocket, api, createFacility, postMutation, uuid } from "./helpers";

const dock = (door: string, trailer: string, initialPercent = 80, visitId = uuid()) => ({
  type: "door.dock",
  mutationId: uuid(),
  door,
  visitId,
  trailer,
  initialPercent,
});
const on = (type: string, visitId: string, extra: Record<string, unknown> = {}) => ({
  type,
  mutationId: uuid(),
  visitId,
  ...extra,
});

async function expectCode(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toMatch(LEAK);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ code, error: expect.any(String) });
  return body;
}

const send = (fid: string, m: unknown, role: Role = "crew", name = "kim") => postMutation(m, fid, name, role);

async function state(fid: string) {
  return SnapshotMessageSchema.parse(await (await api(`/api/facilities/${fid}/state`)).json());
}

describe("the door board in the hub", () => {
  it("docks, unloads, finishes, moves and departs trailers, live on another screen, in order", async () => {
    await createFacility("doors-live");
    const wall = await TestSocket.open({ facility: "doors-live", role: "display", name: "wall" });
    const snap = await wall.next("snapshot");
    expect(snap.doors.map((d) => d.door)).toEqual(Array.from({ length: 15 }, (_, i) => String(9 + i)));
    expect(snap.doors.every((d) => d.state === "empty")).toBe(true);

    const crew = await TestSocket.open({ facility: "doors-live", role: "crew", name: "kim" });
    await crew.next("snapshot");
    const v = uuid();
    const docked = dock("12", "53210", 80, v);
    crew.mutate(docked as never);
    expect(await crew.next("ack", (a) => a.mutationId === docked.mutationId)).toMatchObject({ duplicate: false });
    const seen = await wall.next("diff", (d) => d.mutationId === docked.mutationId);
    expect(seen.doors).toEqual([{ door: "12", since: seen.at, state: "occupied", visitId: v }]);
    expect(seen.visits?.[0]).toMatchObject({
      trailer: "53210",
      status: "arrived",
      remainingPercent: 80,
      updatedBy: "kim",
    });

    for (const m of [
      on("visit.progress", v, { delta: -10 }),
      on("visit.progress", v, { delta: -25 }),
      on("visit.note", v, { note: "straps loose on the left" }),
    ]) {
      expect((await send("doors-live", m)).status).toBe(200);
    }
    const moved = on("visit.move", v, { toDoor: "14" });
    expect((await send("doors-live", moved)).status).toBe(200);
    const diff = await wall.next("diff", (d) => d.mutationId === moved.mutationId);
    expect(diff.doors).toEqual([
      { door: "12", state: "empty", visitId: null },
      { door: "14", since: diff.at, state: "occupied", visitId: v },
    ]);
    expect(diff.visits?.[0]).toMatchObject({ door: "14", status: "unloading", remainingPercent: 45 });
    expect((await send("doors-live", on("visit.finish", v))).status).toBe(200);
    const out = on("visit.depart", v, { nextDoorState: "pending" });
    expect((await send("doors-live", out)).status).toBe(200);
    const after = await state("doors-live");
    expectDoorInvariants(after);
    expect(after.doors.find((d) => d.door === "14")).toEqual({
      door: "14",
      since: expect.any(String),
      state: "pending",
      visitId: null,
    });
    // No shift is open: the departed trailer is off the board, and an end of shift would not have cleared it anyway.
    expect(after.visits).toEqual([]);
    wall.close();
    crew.close();
  });

  it("refuses what the state machine does not allow with the same codes on HTTP and the socket", async () => {
    await createFacility("doors-refuse");
    const v = uuid();
    expect((await send("doors-refuse", dock("9", "T-1", 50, v))).status).toBe(200);
    await expectCode(await send("doors-refuse", dock("9", "T-2")), 409, "door_occupied");
    await expectCode(await send("doors-refuse", dock("10", "T-1")), 409, "conflict");
    await expectCode(await send("doors-refuse", dock("99", "T-3")), 404, "not_found");
    await expectCode(await send("doors-refuse", on("visit.start", uuid())), 404, "not_found");
    expect((await send("doors-refuse", on("visit.finish", v))).status).toBe(200);
    const body = await expectCode(
      await send("doors-refuse", on("visit.progress", v, { delta: -5 })),
      409,
      "invalid_transition",
    );
    expect(body.error).toMatch(/completed/);
    await expectCode(
      await send("doors-refuse", { type: "door.set", mutationId: uuid(), door: "9", state: "empty" }),
      409,
      "door_occupied",
    );
    await expectCode(
      await send("doors-refuse", { type: "facility.setDoors", mutationId: uuid(), doors: ["10"] }, "supervisor"),
      409,
      "door_in_use",
    );
    // Bad input: a lower-case trailer is upper-cased, a space is not a trailer, percents are whole and in range.
    await expectCode(await send("doors-refuse", dock("10", "53 210")), 400, "invalid_message");
    await expectCode(await send("doors-refuse", dock("10", "X", 101)), 400, "invalid_message");
    await expectCode(await send("doors-refuse", dock("10", "X", 12.5)), 400, "invalid_message");
    await expectCode(
      await send("doors-refuse", on("visit.progress", v, { delta: -5, remainingPercent: 3 })),
      400,
      "invalid_message",
    );
    await expectCode(await send("doors-refuse", { ...dock("10", "X"), visitId: "nope" }), 400, "invalid_message");
    await expectCode(await send("doors-refuse", { type: "door.explode", mutationId: uuid() }), 400, "unknown_type");
    expect((await send("doors-refuse", dock("10", "abc-9"))).status).toBe(200);
    expect((await state("doors-refuse")).visits.map((x) => x.trailer).sort()).toEqual(["ABC-9", "T-1"]);

    const sock = await TestSocket.open({ facility: "doors-refuse", role: "crew", name: "kim" });
    await sock.next("snapshot");
    const twice = dock("9", "T-9");
    sock.mutate(twice as never);
    expect(await sock.next("reject", (r) => r.mutationId === twice.mutationId)).toMatchObject({
      code: "door_occupied",
    });
    sock.close();
  });

  it("lets crew do all but fix how full a trailer was and edit the doors; the wall only reads", async () => {
    await createFacility("doors-roles");
    const v = uuid();
    await expectCode(await send("doors-roles", dock("9", "T-1", 80, v), "display", "wall"), 403, "forbidden");
    expect((await send("doors-roles", dock("9", "T-1", 80, v), "crew")).status).toBe(200);
    const fix = on("visit.fixInitial", v, { initialPercent: 60, reason: "half was empty cages" });
    await expectCode(await send("doors-roles", fix, "crew"), 403, "forbidden");
    await expectCode(
      await send("doors-roles", { type: "facility.setDoors", mutationId: uuid(), doors: ["9", "10"] }, "crew"),
      403,
      "forbidden",
    );
    expect((await send("doors-roles", fix, "supervisor", "sam")).status).toBe(200);
    const doors = ["9", "10", "North-1"];
    expect(
      (await send("doors-roles", { type: "facility.setDoors", mutationId: uuid(), doors }, "supervisor")).status,
    ).toBe(200);
    const s = await state("doors-roles");
    expect(s.facility.doors).toEqual(doors);
    expect(s.visits[0]).toMatchObject({ initialPercent: 60, remainingPercent: 60 });
  });

  it("lets exactly one of ten docks racing for one door win", async () => {
    await createFacility("doors-race");
    const docks = Array.from({ length: 10 }, (_, i) => dock("15", `R-${i}`));
    const answers = await Promise.all(docks.map((m, i) => send("doors-race", m, "crew", `crew-${i}`)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    const s = await state("doors-race");
    expectDoorInvariants(s);
    expect(s.visits).toHaveLength(1);
    expect(s.doors.find((d) => d.door === "15")?.visitId).toBe(s.visits[0]!.visitId);
  });

  it("sweeps all or nothing, refusing by door, and writes audit rows by door and trailer to D1 exactly once", async () => {
    await createFacility("doors-audit");
    const v = uuid();
    expect((await send("doors-audit", dock("12", "53210", 80, v), "crew", "kim")).status).toBe(200);
    const sweep = (doors: unknown[]) => ({ type: "doors.verify", mutationId: uuid(), doors });
    const refused = await expectCode(
      await send(
        "doors-audit",
        sweep([
          { door: "12", state: "occupied", trailer: "77777", visitId: uuid(), initialPercent: 40 },
          { door: "13", state: "pending" },
          { door: "14", state: "occupied", trailer: "88888" },
        ]),
      ),
      409,
      "conflict",
    );
    expect(refused.doors).toEqual([
      {
        door: "12",
        message: "the board has trailer 53210 here, the sweep saw trailer 77777",
        words: { text: REFUSALS.sweepSawTrailer, params: { board: "53210", seen: "77777" } },
      },
      { door: "14", message: expect.stringMatching(/initialPercent/), words: expect.any(Object) },
    ]);
    expect((await state("doors-audit")).doors.find((d) => d.door === "13")?.state).toBe("empty");
    expect(
      (
        await send(
          "doors-audit",
          sweep([
            { door: "12", state: "occupied", trailer: "53210" },
            { door: "13", state: "pending" },
          ]),
          "crew",
          "lee",
        )
      ).status,
    ).toBe(200);
    expect((await send("doors-audit", on("visit.move", v, { toDoor: "14" }), "crew", "kim")).status).toBe(200);

    const hub = env.Facility.getByName("doors-audit");
    expect(await runDurableObjectAlarm(hub)).toBe(true);
    await runDurableObjectAlarm(hub);
    const { results } = await env.DB.prepare(
      "SELECT door, trailer, field, old_value, new_value, actor FROM audit_log WHERE facility_id = ? AND door <> '' ORDER BY seq, field",
    )
      .bind("doors-audit")
      .all<Record<string, string>>();
    expect(results).toEqual([
      { door: "12", trailer: "53210", field: "12/initial", old_value: null, new_value: "80%", actor: "kim" },
      { door: "12", trailer: "53210", field: "12/state", old_value: "empty", new_value: "occupied", actor: "kim" },
      { door: "12", trailer: "53210", field: "12/trailer", old_value: null, new_value: "53210", actor: "kim" },
      { door: "13", trailer: "", field: "13/state", old_value: "empty", new_value: "pending", actor: "lee" },
      { door: "12", trailer: "53210", field: "12/state", old_value: "occupied", new_value: "empty", actor: "kim" },
      { door: "14", trailer: "53210", field: "14/door", old_value: "12", new_value: "14", actor: "kim" },
      { door: "14", trailer: "53210", field: "14/state", old_value: "empty", new_value: "occupied", actor: "kim" },
    ]);
    const page = AuditPageSchema.parse(
      await (await api("/api/facilities/doors-audit/audit?trailer=53210&door=14")).json(),
    );
    expect(page.entries.map((e) => e.field)).toEqual(["14/state", "14/door"]);
  });
});
