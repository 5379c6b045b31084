import { describe, expect, it, vi } from "vitest";
import type { Mutation } from "../../shared";
import { newClient } from "./engine-harness";
import { newRoom, update } from "./harness";

// The web client's sync engine (web/src/net/sync-engine.ts) against the room, in Node: the same store and
// the same HTTP fallback the browser runs, over a socket pair instead of a WebSocket.

const arrived = (t: ReturnType<typeof newRoom>, id: string) => t.room.hub.car(id)?.arrived;

describe("the client's sync engine against the room", () => {
  it("shows a tap at once, sends it, and drops it from the outbox once the hub confirms", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    kim.link.connect();
    expect(kim.state().mode).toBe("live");
    const tap = update("128414", { arrived: true });
    const sent = kim.engine.send(tap);
    expect(kim.state().pending.map((m) => m.mutationId)).toEqual([tap.mutationId]);
    await sent;
    await vi.waitFor(() => expect(kim.taps.rows).toHaveLength(0));
    expect(kim.state().pending).toHaveLength(0);
    expect(kim.state().confirmed?.cars.get("128414")?.car.arrived).toBe(true);
    expect(arrived(t, "128414")).toBe(true);
  });

  it("keeps taps made offline on the device and delivers each once, in tap order, after the catch-up", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    const sam = newClient(t, t.claims("supervisor", "sam"));
    kim.link.connect();
    sam.link.connect();
    kim.setOnline(false);
    kim.link.drop();
    expect(kim.state().mode).toBe("offline");
    const taps: Mutation[] = ["128414", "128421", "128425"].map((id) => update(id, { arrived: true }));
    for (const m of taps) await kim.engine.send(m);
    expect(kim.taps.rows).toHaveLength(3);
    expect(t.room.hub.seq).toBe(0);
    // Meanwhile the building moves on.
    await sam.engine.send(update("128431", { late: true }));
    kim.setOnline(true);
    kim.link.connect();
    await vi.waitFor(() => expect(kim.taps.rows).toHaveLength(0));
    const log = t.sockets.at(-1)!.received.filter((m) => m.type === "diff");
    expect(log.map((d) => d.type === "diff" && d.mutationId)).toEqual(taps.map((m) => m.mutationId));
    expect(t.room.hub.seq).toBe(4);
    // Another tab replaying the same taps changes nothing: the hub answers each with its first outcome.
    for (const m of taps) await kim.taps.add(m, "kim");
    await kim.engine.replay();
    expect(t.room.hub.seq).toBe(4);
    expect(kim.state().confirmed?.seq).toBe(4);
    expect(kim.state().confirmed?.cars.get("128431")?.car.late).toBe(true);
  });

  it("drops the taps that other devices' diffs name from the outbox together, once a second", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    const sam = newClient(t, t.claims("supervisor", "sam"));
    kim.link.connect();
    sam.link.connect();
    // Kim's catch-up replay has run (with nothing to send); then, as if another tab of Kim's device had sent
    // these and closed before the hub's answer, they wait in the outbox while Sam's screen sends them.
    await kim.engine.replay();
    const taps = ["128414", "128421"].map((id) => update(id, { arrived: true }));
    for (const m of taps) await kim.taps.add(m, "kim");
    const removals = vi.spyOn(kim.taps, "remove");
    for (const m of taps) await sam.engine.send(m);
    expect(kim.state().confirmed?.seq).toBe(2);
    expect(removals).not.toHaveBeenCalled();
    await t.clock.advance(999);
    expect(removals).not.toHaveBeenCalled();
    await t.clock.advance(1);
    expect(removals.mock.calls).toEqual([[taps.map((m) => m.mutationId)]]);
    await vi.waitFor(() => expect(kim.taps.rows).toHaveLength(0));
  });

  it("asks for what it missed when a diff skips a seq, and ends with the hub's board", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    const sam = newClient(t, t.claims("supervisor", "sam"));
    kim.link.connect();
    sam.link.connect();
    await sam.engine.send(update("128414", { arrived: true }));
    kim.link.losing = true;
    await sam.engine.send(update("128421", { arrived: true }));
    kim.link.losing = false;
    await sam.engine.send(update("128425", { arrived: true }));
    expect(kim.state().confirmed?.seq).toBe(3);
    expect(kim.state().confirmed?.cars.get("128421")?.car.arrived).toBe(true);
    expect(t.sockets.find((s) => s === kim.link.socket)!.received.some((m) => m.type === "changes")).toBe(true);
  });

  it("over the rate limit, sends what waits again once the hub's wait has passed", async () => {
    const t = newRoom({ config: { rateBurst: 3, ratePerSec: 2 } });
    const kim = newClient(t, t.claims("crew", "kim"));
    kim.link.connect();
    const taps = ["128414", "128421", "128425", "128431", "128446"].map((id) => update(id, { arrived: true }));
    for (const m of taps) await kim.engine.send(m);
    const refused = kim.state().pending.length;
    expect(refused).toBeGreaterThan(0);
    expect(t.room.hub.seq).toBe(5 - refused);
    for (let i = 0; i < 5 && kim.state().pending.length > 0; i++) {
      await t.clock.advance(1000);
      await vi.waitFor(() => expect(kim.state().pending.length).toBeLessThan(refused));
    }
    expect(kim.state().pending).toHaveLength(0);
    expect(t.room.hub.seq).toBe(5);
  });

  it("falls back to HTTP after three failed connections, and taps go over HTTP to the same hub", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    expect(kim.state().mode).toBe("polling");
    await vi.waitFor(() => expect(kim.state().confirmed?.seq).toBe(0));
    await kim.engine.send(update("128414", { arrived: true }));
    await vi.waitFor(() => expect(kim.state().pending).toHaveLength(0));
    expect(arrived(t, "128414")).toBe(true);
    expect(kim.state().confirmed?.cars.get("128414")?.car.arrived).toBe(true);
    // A change made elsewhere arrives at once: the poll was held open by the hub and answered with it.
    await vi.waitFor(() => expect(t.room.heldPolls).toBe(1));
    // The socket's retries go on failing, each asking for the fallback: one loop polls, not one more per retry.
    const asked = kim.polls.asked;
    kim.engine.closed(1006);
    expect(kim.polls.asked).toBe(asked);
    t.room.mutate(update("128421", { late: true }), t.claims("supervisor", "sam"));
    await vi.waitFor(() => expect(kim.state().confirmed?.cars.get("128421")?.car.late).toBe(true));
    // With nothing changing, the held poll ends after 25 s and is asked again.
    await vi.waitFor(() => expect(t.room.heldPolls).toBe(1));
    await t.clock.advance(25_000);
    await vi.waitFor(() => expect(t.room.heldPolls).toBe(1));
    // The socket works again: live, and polling stops.
    kim.link.connect();
    expect(kim.state().mode).toBe("live");
  });

  it("while polling, says offline as soon as the hub cannot be reached, keeps one poll loop going, and delivers once it answers", async () => {
    const t = newRoom();
    const kim = newClient(t, t.claims("crew", "kim"));
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    await vi.waitFor(() => expect(t.room.heldPolls).toBe(1));
    kim.setReachable(false);
    await t.clock.advance(25_000); // the held poll ends empty; the next one fails at once
    await vi.waitFor(() => expect(kim.state().mode).toBe("offline"));
    // The socket's retries fail too, and each asks for the fallback again: the pill stays true, one loop polls.
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    expect(kim.state().mode).toBe("offline");
    await kim.engine.send(update("128414", { arrived: true }));
    const asked = kim.polls.asked;
    await t.clock.advance(5000);
    await vi.waitFor(() => expect(kim.polls.asked).toBe(asked + 1));
    expect(kim.state().mode).toBe("offline");
    expect(kim.state().pending).toHaveLength(1);
    kim.setReachable(true);
    await t.clock.advance(5000);
    await vi.waitFor(() => expect(kim.state().pending).toHaveLength(0));
    expect(arrived(t, "128414")).toBe(true);
    expect(kim.state().mode).toBe("polling");
  });

  it("polls every 5 s where long polls are cut short (a proxy), and still sees every change", async () => {
    const t = newRoom();
    // A proxy that drops any request it holds: the long polls fail, plain ones go through.
    const kim = newClient(t, t.claims("crew", "kim"), { cutLongRequests: true });
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    await vi.waitFor(() => expect(kim.polls.asked).toBe(1)); // the first long poll, cut
    await t.clock.advance(5000);
    await vi.waitFor(() => expect(kim.polls.asked).toBe(2)); // the second, cut: plain polling from here
    await t.clock.advance(5000);
    await vi.waitFor(() => expect(kim.polls.answered).toBe(1));
    expect(t.room.heldPolls).toBe(0);
    t.room.mutate(update("128421", { late: true }), t.claims("supervisor", "sam"));
    await t.clock.advance(4999);
    expect(kim.polls.asked).toBe(3);
    await t.clock.advance(1);
    await vi.waitFor(() => expect(kim.state().confirmed?.cars.get("128421")?.car.late).toBe(true));
    expect(kim.state().mode).toBe("polling");
  });

  it("asks the person to sign in again when the hub ends the session, and keeps the waiting taps", async () => {
    const t = newRoom();
    const sam = t.claims("supervisor", "sam");
    const kim = newClient(t, t.claims("crew", "kim"));
    kim.link.connect();
    kim.setOnline(false);
    kim.link.drop();
    await kim.engine.send(update("128414", { arrived: true }));
    kim.setOnline(true);
    await t.room.rotate("crew", undefined, sam);
    kim.link.connect();
    expect(kim.link.socket?.closed).toMatchObject({ code: 4401 });
    expect(kim.state().authLost).toContain("signed out");
    expect(kim.taps.rows).toHaveLength(1);
    expect(kim.link.open).toBe(false);
  });
});
