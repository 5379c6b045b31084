import { describe, expect, it } from "vitest";
import { CloseCode, DEMO_CAR_IDS, NO_PRESENCE, presenceAfter, type Presence } from "../../shared";
import { TestSocket, createFacility, tokenFor, update, uuid } from "./helpers";

describe("live sync over WebSocket", () => {
  it("answers a new connection with a snapshot of the demo fleet", async () => {
    const s = await TestSocket.open();
    const snap = await s.next("snapshot");
    expect(snap.facility.id).toBe("demo");
    expect(snap.cars.map((c) => c.id).sort()).toEqual([...DEMO_CAR_IDS].sort());
    expect(snap.facility.locations).toEqual(["Yard", "100", "200", "300", "400", "500", "600", "Shop"]);
    expect(snap.cars.every((c) => c.location === "Yard" && !c.arrived)).toBe(true);
    s.close();
  });

  it("sends one diff to every socket and the ack to the sender after its diff", async () => {
    const [a, b, c] = await Promise.all([TestSocket.open({ name: "ana" }), TestSocket.open(), TestSocket.open()]);
    const before = (await a.next("snapshot")).seq;
    await b.next("snapshot");
    await c.next("snapshot");
    const m = update("128489", { arrived: true, location: "300" });
    a.mutate(m);
    const ack = await a.next("ack", (x) => x.mutationId === m.mutationId);
    expect(ack).toMatchObject({ seq: before + 1, duplicate: false });
    for (const s of [a, b, c]) {
      const diff = await s.next("diff", (d) => d.mutationId === m.mutationId);
      expect(diff.seq).toBe(before + 1);
      expect(diff.by.name).toBe("ana");
      expect(diff.cars).toHaveLength(1);
      expect(diff.cars[0]).toMatchObject({ id: "128489", arrived: true, location: "300", updatedBy: "ana" });
      expect(diff.cars[0]!.arrivedAt).not.toBeNull();
    }
    // The diff reached the sender before its ack, so confirmed state is there when the pending change is dropped.
    const order = a.received.filter((x) => x.type !== "presence" && x.type !== "snapshot").map((x) => x.type);
    expect(order.indexOf("diff")).toBeLessThan(order.indexOf("ack"));
    expect(await b.quiet("ack")).toHaveLength(0);
    for (const s of [a, b, c]) s.close();
  });

  it("applies a stale update that touches no changed field, and rejects one that does", async () => {
    const s = await TestSocket.open();
    const snap = await s.next("snapshot");
    const base = snap.cars.find((c) => c.id === "128421")!.version;
    s.mutate(update("128421", { location: "200" }, { baseVersion: base }));
    await s.next("ack");
    // Stale, but "late" has not changed since `base`: applied.
    const fine = update("128421", { late: true }, { baseVersion: base });
    s.mutate(fine);
    expect((await s.next("ack", (a) => a.mutationId === fine.mutationId)).duplicate).toBe(false);
    // Stale and "location" changed since `base` to another value: rejected with the winning car.
    const lost = update("128421", { location: "500" }, { baseVersion: base });
    s.mutate(lost);
    const rej = await s.next("reject", (r) => r.mutationId === lost.mutationId);
    expect(rej.code).toBe("conflict");
    expect(rej.car).toMatchObject({ id: "128421", location: "200", late: true });
    // Stale but asking for the value that won: no conflict.
    const same = update("128421", { location: "200" }, { baseVersion: base });
    s.mutate(same);
    await s.next("ack", (a) => a.mutationId === same.mutationId);
    s.close();
  });

  it("treats a repeated mutationId as already done", async () => {
    const s = await TestSocket.open();
    const { seq } = await s.next("snapshot");
    const m = update("128425", { late: true });
    s.mutate(m);
    const first = await s.next("ack", (a) => a.mutationId === m.mutationId);
    s.mutate(m);
    const again = await s.next("ack", (a) => a.mutationId === m.mutationId);
    expect(first).toMatchObject({ seq: seq + 1, duplicate: false });
    expect(again).toMatchObject({ seq: seq + 1, duplicate: true });
    expect(s.received.filter((x) => x.type === "diff" && x.mutationId === m.mutationId)).toHaveLength(1);
    // A rejected mutation replays as the same rejection, even if it would succeed now.
    const ghost = update("NO-SUCH-CAR", { late: true });
    s.mutate(ghost);
    expect((await s.next("reject", (r) => r.mutationId === ghost.mutationId)).code).toBe("not_found");
    s.mutate({ type: "car.add", mutationId: uuid(), carId: "NO-SUCH-CAR" });
    await s.next("ack");
    s.mutate(ghost);
    const replay = await s.next("reject", (r) => r.mutationId === ghost.mutationId);
    expect(replay).toMatchObject({ code: "not_found", duplicate: true });
    s.close();
  });

  it("never recreates a removed car", async () => {
    const s = await TestSocket.open();
    await s.next("snapshot");
    s.mutate({ type: "car.add", mutationId: uuid(), carId: "GONE-1" });
    await s.next("ack");
    s.mutate({ type: "car.remove", mutationId: uuid(), carId: "GONE-1" });
    const removed = await s.next("diff", (d) => d.removed.includes("GONE-1"));
    expect(removed.cars).toHaveLength(0);
    const stale = update("GONE-1", { arrived: true }, { baseVersion: 1 });
    s.mutate(stale);
    expect((await s.next("reject", (r) => r.mutationId === stale.mutationId)).code).toBe("not_found");
    s.close();
  });

  it("catches a reconnecting client up with the changes since its seq", async () => {
    const s = await TestSocket.open();
    const { seq } = await s.next("snapshot");
    s.close();
    const writer = await TestSocket.open();
    await writer.next("snapshot");
    const ms = [
      update("128431", { arrived: true }),
      update("128446", { late: true }),
      update("128431", { empty: true }),
    ];
    for (const m of ms) {
      writer.mutate(m);
      await writer.next("ack", (a) => a.mutationId === m.mutationId);
    }
    const back = await TestSocket.open({ since: seq });
    const changes = await back.next("changes");
    expect(changes.since).toBe(seq);
    expect(changes.seq).toBe(seq + 3);
    expect(changes.diffs.map((d) => d.mutationId)).toEqual(ms.map((m) => m.mutationId));
    expect(back.received.some((m) => m.type === "snapshot")).toBe(false);
    // Up to date: an empty list, not a snapshot.
    const current = await TestSocket.open({ since: seq + 3 });
    expect((await current.next("changes")).diffs).toEqual([]);
    // A seq the hub never issued (its storage was replaced): a snapshot.
    const future = await TestSocket.open({ since: seq + 1000 });
    expect((await future.next("snapshot")).seq).toBe(seq + 3);
    // An explicit sync on an open socket works the same way.
    back.send({ type: "sync", since: seq + 1 });
    expect((await back.next("changes")).diffs).toHaveLength(2);
    for (const x of [writer, back, current, future]) x.close();
  });

  it("pushes presence on join and leave: the list once, then who joined and left", async () => {
    // What a client holds: the list it was given, with every delta since applied.
    const held = (s: TestSocket) =>
      s.received
        .reduce<Presence>(
          (p, m) => (m.type === "presence" || m.type === "presenceDelta" ? presenceAfter(p, m) : p),
          NO_PRESENCE,
        )
        .users.map((u) => u.name);
    const a = await TestSocket.open({ name: "alpha" });
    await a.next("presence", (p) => p.users.some((u) => u.name === "alpha"));
    const b = await TestSocket.open({ name: "bravo" });
    await expect.poll(() => held(a), { timeout: 5000 }).toEqual(expect.arrayContaining(["alpha", "bravo"]));
    b.close();
    await expect.poll(() => held(a), { timeout: 5000 }).not.toContain("bravo");
    expect(held(a)).toContain("alpha");
    // Once the room has broadcast, a join reaches the others as one small delta, never the whole list again.
    const lists = () => a.raw.filter((f) => f.startsWith('{"type":"presence",')).length;
    const before = lists();
    const c = await TestSocket.open({ name: "charlie" });
    await expect.poll(() => held(a), { timeout: 5000 }).toContain("charlie");
    expect(lists()).toBe(before);
    const delta = a.raw.filter((f) => f.includes('"presenceDelta"')).at(-1)!;
    expect(delta).toContain("charlie");
    expect(delta.length).toBeLessThanOrEqual(200);
    c.close();
    a.close();
  });

  it("answers ping with pong without a message reaching the hub", async () => {
    const s = await TestSocket.open();
    await s.next("snapshot");
    s.sendRaw("ping");
    await s.until(() => s.raw.includes("pong"), 2000, "pong").catch(() => undefined);
    expect(s.raw).toContain("pong");
    // Had "ping" reached onMessage it would have been answered with a bad_json error.
    expect(await s.quiet("error")).toHaveLength(0);
    s.close();
  });

  it("closes a socket that speaks another protocol version or another facility's", async () => {
    const old = await TestSocket.open({ protocol: "0" });
    expect((await old.next("error")).code).toBe("protocol_mismatch");
    expect((await old.waitClosed()).code).toBe(CloseCode.ProtocolMismatch);
    const none = await TestSocket.open({ protocol: null });
    expect((await none.next("error")).code).toBe("protocol_mismatch");
    // The demo session opens nothing elsewhere; the Worker refuses before any hub is woken.
    const ghost = await TestSocket.open({ facility: "no-such-hub", token: await tokenFor("demo") });
    expect((await ghost.next("error")).code).toBe("forbidden");
    expect((await ghost.waitClosed()).code).toBe(CloseCode.Forbidden);
  });

  it("keeps facilities apart", async () => {
    await createFacility("north", ["Gate", "Dock"]);
    const n = await TestSocket.open({ facility: "north" });
    const snap = await n.next("snapshot");
    // Its only changes so far are the three access codes the operator set (audited, so versioned).
    expect(snap).toMatchObject({ seq: 3, cars: [], facility: { id: "north", locations: ["Gate", "Dock"] } });
    const d = await TestSocket.open();
    await d.next("snapshot");
    n.mutate({ type: "car.add", mutationId: uuid(), carId: "N-1" });
    const diff = await n.next("diff");
    expect(diff.cars[0]).toMatchObject({ id: "N-1", location: "Gate" });
    expect(await d.quiet("diff")).toHaveLength(0);
    n.close();
    d.close();
  });
});
