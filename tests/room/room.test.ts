import { describe, expect, it } from "vitest";
import { CloseCode, DEMO_CAR_IDS, PROTOCOL_VERSION, type Mutation } from "../../shared";
import { carsModule, doorsModule, locationsModule, ownersOf, snapshotSlices } from "../../party/room/modules";
import { newRoom, update } from "./harness";

// The facility room in Node, over the in-memory stores and a manual clock: no workerd, no sleeping.

describe("the room: joining and catching up", () => {
  it("gives a new socket the snapshot, a returning one only the changes it missed, then presence", () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    const a = t.join(kim);
    const snap = a.take("snapshot")[0]!;
    expect(snap.cars.map((c) => c.id)).toEqual([...DEMO_CAR_IDS].sort());
    expect(a.take("presence")[0]).toMatchObject({ counts: { crew: 1 }, users: [{ name: "kim", role: "crew" }] });
    t.mutate(a, update("128414", { arrived: true }));
    t.mutate(a, update("128421", { late: true }));
    const b = t.join(kim, 1);
    const changes = b.take("changes")[0]!;
    expect(changes).toMatchObject({ since: 1, seq: 2 });
    expect(changes.diffs.map((d) => d.seq)).toEqual([2]);
    t.send(b, { type: "sync", since: 0 });
    expect(b.take("snapshot")).toHaveLength(1);
  });

  it("refuses an upgrade for another protocol, an unknown facility, no session, or another facility's session", () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    expect(t.room.admitUpgrade(t.upgrade(kim, "protocol=999"))).toMatchObject({
      ok: false,
      code: "protocol_mismatch",
      close: CloseCode.ProtocolMismatch,
    });
    expect(t.room.admitUpgrade(t.upgrade(null))).toMatchObject({ ok: false, code: "unauthorized" });
    expect(t.room.admitUpgrade(t.upgrade({ ...kim, facility: "elsewhere" }))).toMatchObject({
      ok: false,
      code: "forbidden",
      close: CloseCode.Forbidden,
    });
    const empty = newRoom({ name: "nowhere", demo: false });
    expect(empty.room.admitUpgrade(empty.upgrade(empty.claims("crew", "kim")))).toMatchObject({
      ok: false,
      code: "unknown_facility",
      close: CloseCode.UnknownFacility,
    });
    expect(t.room.admitUpgrade(t.upgrade(kim, `protocol=${PROTOCOL_VERSION}&since=7`))).toMatchObject({
      ok: true,
      since: 7,
    });
  });
});

describe("the room: changes", () => {
  it("sends every socket the diff before the sender's ack, and a repeat gets its first outcome", () => {
    const t = newRoom();
    const a = t.join(t.claims("crew", "kim"));
    const wall = t.join(t.claims("display", "wall"));
    const m = update("128414", { arrived: true });
    t.mutate(a, m);
    const order = a.received.slice(-2).map((x) => x.type);
    expect(order).toEqual(["diff", "ack"]);
    expect(wall.last("diff")).toMatchObject({ mutationId: m.mutationId, seq: 1 });
    t.mutate(a, m);
    expect(a.last("ack")).toMatchObject({ mutationId: m.mutationId, seq: 1, duplicate: true });
    expect(wall.received.filter((x) => x.type === "diff")).toHaveLength(1);
  });

  it("refuses by role before anything is recorded, and a display may not change the board", () => {
    const t = newRoom();
    const wall = t.join(t.claims("display", "wall"));
    const m = update("128414", { arrived: true });
    t.mutate(wall, m);
    expect(wall.last("reject")).toMatchObject({ mutationId: m.mutationId, code: "forbidden" });
    expect(t.room.hub.seq).toBe(0);
  });

  it("answers a frame it cannot read with the shared vocabulary, and keeps the socket", () => {
    const t = newRoom();
    const a = t.join(t.claims("crew", "kim"));
    t.send(a, "{not json");
    expect(a.last("error")).toMatchObject({ code: "bad_json" });
    t.send(a, JSON.stringify({ type: "teleport" }));
    expect(a.last("error")).toMatchObject({ code: "unknown_type" });
    t.room.message(a, new Uint8Array([1, 2, 3]));
    expect(a.last("error")).toMatchObject({ code: "invalid_message" });
    // What was wrong, in words (zod/mini has none of its own; the hub gives it English), not "Invalid input".
    const wrong = { ...update("128414", { arrived: true }), patch: { arrived: "yes" } };
    t.send(a, JSON.stringify({ type: "mutate", mutation: wrong }));
    expect(a.last("reject")).toMatchObject({
      code: "invalid_message",
      message: "patch.arrived: Invalid input: expected boolean, received string",
    });
    expect(a.closed).toBeNull();
  });
});

describe("the room: sessions end", () => {
  it("closes a socket whose session expires before it is sent anything more", async () => {
    const t = newRoom();
    const wall = t.join(t.claims("display", "old wall", 800));
    expect(wall.take("snapshot")).toHaveLength(1);
    await t.clock.advance(900);
    const kim = t.join(t.claims("crew", "kim"));
    const m = update("128446", { notes: "after the wall's session ran out" });
    t.mutate(kim, m);
    expect(kim.last("ack")).toMatchObject({ mutationId: m.mutationId });
    expect(wall.last("error")).toMatchObject({ code: "unauthorized" });
    expect(wall.closed?.code).toBe(CloseCode.Unauthorized);
    expect(wall.received.some((x) => x.type === "diff" && x.mutationId === m.mutationId)).toBe(false);
  });

  it("closes a short session that joined after the hub last looked at expiries", async () => {
    const t = newRoom();
    const kim = t.join(t.claims("crew", "kim"));
    t.mutate(kim, update("128414", { arrived: true })); // the hub looks: nobody expires for 12 hours
    const wall = t.join(t.claims("display", "short wall", 800));
    await t.clock.advance(900);
    t.mutate(kim, update("128421", { arrived: true }));
    expect(wall.closed?.code).toBe(CloseCode.Unauthorized);
    expect(kim.closed).toBeNull();
  });

  it("an expired session's own message is refused and its socket closed", async () => {
    const t = newRoom();
    const kim = t.join(t.claims("crew", "kim", 1000));
    await t.clock.advance(1000);
    t.mutate(kim, update("128414", { arrived: true }));
    expect(kim.last("error")).toMatchObject({ code: "unauthorized" });
    expect(kim.closed?.code).toBe(CloseCode.Unauthorized);
    expect(t.room.hub.seq).toBe(0);
  });

  it("replacing a role's code closes that role's sockets, not the others'", async () => {
    const t = newRoom();
    const sam = t.claims("supervisor", "sam");
    const crew = t.join(t.claims("crew", "kim"));
    const sup = t.join(sam);
    const rotated = await t.room.rotate("crew", undefined, sam);
    expect(rotated).toMatchObject({ ok: true, gen: 1 });
    expect(crew.last("error")?.message).toContain("crew code was changed");
    expect(crew.closed?.code).toBe(CloseCode.Unauthorized);
    expect(sup.closed).toBeNull();
    expect(sup.last("diff")?.seq).toBe(1);
    // The old session is refused from now on; one made after the rotation is let in.
    expect(t.room.admit(t.claims("crew", "new kim"))).toBeNull();
    expect(t.room.admitUpgrade(t.upgrade({ ...t.claims("crew", "x"), gen: 0 }))).toMatchObject({ ok: false });
  });

  it("signing out closes that session's sockets only", () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    const a = t.join(kim);
    const b = t.join(t.claims("crew", "robin"));
    t.room.endSession(kim.sid, "signed out");
    expect(a.closed?.code).toBe(CloseCode.Unauthorized);
    expect(b.closed).toBeNull();
  });
});

describe("the room: rate limits", () => {
  it("limits a session's socket, keeps it open, and takes the tap once the wait has passed", async () => {
    const t = newRoom({ config: { rateBurst: 5, ratePerSec: 2 } });
    const kim = t.join(t.claims("crew", "kim"));
    for (let i = 0; i < 5; i++) t.send(kim, { type: "sync", since: 0 });
    const refused: Mutation = update("128431", { notes: "after the flood" });
    t.mutate(kim, refused);
    const err = kim.last("error")!;
    expect(err).toMatchObject({ code: "rate_limited", mutationId: refused.mutationId });
    expect(err.retryAfterMs).toBe(500);
    await t.clock.advance(err.retryAfterMs!);
    t.mutate(kim, refused);
    expect(kim.last("ack")).toMatchObject({ mutationId: refused.mutationId, duplicate: false });
    expect(kim.closed).toBeNull();
  });

  it("shares the bucket between a session's socket and its HTTP calls, not with a neighbour", async () => {
    const t = newRoom({ config: { rateBurst: 3, ratePerSec: 1 } });
    const kim = t.claims("crew", "kim");
    for (let i = 0; i < 3; i++) expect((await t.http("/state", kim)).status).toBe(200);
    const limited = await t.http("/state", kim);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await t.http("/state", t.claims("crew", "neighbour"))).status).toBe(200);
    await t.clock.advance(1000);
    expect((await t.http("/state", kim)).status).toBe(200);
  });
});

describe("the module seam", () => {
  it("refuses to start unless every mutation and every snapshot slice comes from exactly one module", () => {
    const cars = carsModule();
    const locations = locationsModule();
    const access = { name: "access", mutations: ["access.rotate", "facility.archive"] as const };
    const shifts = {
      name: "shifts",
      mutations: ["shift.start", "shift.cutoff", "shift.end"] as const,
      slices: { shift: () => null },
    };
    const doors = doorsModule();
    const alerts = {
      name: "alerts",
      mutations: ["alerts.check", "alert.ack", "facility.setAlertRules"] as const,
      slices: { alerts: () => [] },
    };
    expect(() => ownersOf([cars, locations, access, shifts, doors, alerts])).not.toThrow();
    expect(() => ownersOf([cars, locations, shifts, doors, alerts])).toThrow(/no module owns access.rotate/);
    expect(() => ownersOf([cars, locations, access, shifts, alerts])).toThrow(/no module owns door.dock/);
    const again = { name: "again", mutations: ["car.add" as const] };
    expect(() => ownersOf([cars, locations, access, shifts, doors, alerts, again])).toThrow(
      /car.add is claimed by modules cars and again/,
    );
    expect(() => snapshotSlices([cars, shifts, doors, alerts])).not.toThrow();
    expect(() => snapshotSlices([cars, doors, alerts])).toThrow(/no module brings the snapshot's shift/);
    expect(() =>
      snapshotSlices([cars, shifts, doors, alerts, { name: "twice", mutations: [], slices: { cars: () => [] } }]),
    ).toThrow(/cars is brought by two modules/);
  });
});
