import { describe, expect, it } from "vitest";
import { PRESENCE_NAMED } from "../../shared";
import { newRoom } from "./harness";

// Who is connected, in the room over the in-memory stores and a manual clock: no workerd, no sleeping.

describe("the room: presence", () => {
  it("coalesces joins and leaves into one presence broadcast a second later", async () => {
    const t = newRoom();
    const a = t.join(t.claims("crew", "kim"));
    const b = t.join(t.claims("display", "wall"));
    const c = t.join(t.claims("supervisor", "sam"));
    t.leave(c);
    a.presenceNews();
    b.presenceNews();
    await t.clock.advance(999);
    expect(a.presenceNews()).toBe(0);
    await t.clock.advance(1);
    expect(a.presenceNews()).toBe(1);
    expect(b.presenceNews()).toBe(1);
    // sam came and went inside the window: every list ends without sam, none keeps a ghost.
    for (const s of [a, b]) {
      expect(
        s
          .held()
          .users.map((u) => u.name)
          .sort(),
      ).toEqual(["kim", "wall"]);
      expect(s.held().counts).toEqual({ display: 1, crew: 1, supervisor: 0 });
    }
    await t.clock.advance(5000);
    expect(a.presenceNews()).toBe(0);
  });

  it("after the first list, tells the others the counts and who joined the named few: never the list again", async () => {
    const t = newRoom({ newestFirst: true });
    const crew: ReturnType<typeof t.join>[] = [];
    for (let i = 0; i < 30; i++) {
      crew.push(t.join(t.claims("crew", `crew-${i}`)));
      await t.clock.advance(7);
    }
    const a = crew[0]!;
    await t.clock.advance(1000);
    expect(a.held().counts.crew).toBe(30);
    expect(a.held().users.map((u) => u.name)).toEqual(crew.slice(0, PRESENCE_NAMED).map((_, i) => `crew-${i}`));
    const mark = a.sent.length;
    const late = t.join(t.claims("supervisor", "late"));
    // The newcomer is told once, at once: everyone counted, the longest connected named.
    const told = late.take("presence")[0]!;
    expect(told.counts).toEqual({ display: 0, crew: 30, supervisor: 1 });
    expect(told.users).toHaveLength(PRESENCE_NAMED);
    await t.clock.advance(1000);
    const news = a.sent.slice(mark);
    expect(news).toHaveLength(1);
    expect(news[0]).toContain('"presenceDelta"');
    expect(news[0]!.length).toBeLessThanOrEqual(200);
    expect(a.held().counts.supervisor).toBe(1);
    // A named one leaves: the next longest connected is named in its place, to everyone alike.
    t.leave(crew[2]!);
    t.leave(late);
    await t.clock.advance(1000);
    expect(a.sent.at(-1)).toContain('"presenceDelta"');
    expect(a.held().users.map((u) => u.name)).toContain(`crew-${PRESENCE_NAMED}`);
    const fresh = t.join(t.claims("crew", "fresh"));
    const now = fresh.take("presence")[0]!;
    expect(a.held().users.map((u) => u.id)).toEqual(now.users.map((u) => u.id));
    expect(now.counts).toEqual({ ...a.held().counts, crew: a.held().counts.crew + 1 });
  });

  it("keeps a reconnect storm of 500 to about a kilobyte of presence a socket, and a join in steady state to 200 bytes", async () => {
    const t = newRoom({ newestFirst: true });
    const people: ReturnType<typeof t.join>[] = [];
    // Every one back within three seconds, a few in each millisecond, listed by the host newest first.
    for (let i = 0; i < 500; i++) {
      people.push(t.join(t.claims("crew", `crew-${String(i).padStart(3, "0")}`)));
      if (i % 3 === 2) await t.clock.advance(17);
    }
    await t.clock.advance(1000);
    const presenceBytes = (s: (typeof people)[number]) =>
      s.sent.filter((f) => f.startsWith('{"type":"presence')).reduce((n, f) => n + f.length, 0);
    const most = Math.max(...people.map(presenceBytes));
    expect(most).toBeLessThanOrEqual(1024);
    for (const s of [people[0]!, people[499]!]) expect(s.held().counts.crew).toBe(500);
    const before = people.map((s) => s.sent.length);
    t.join(t.claims("crew", "one-more"));
    await t.clock.advance(1000);
    for (const [i, s] of people.entries()) {
      const heard = s.sent.slice(before[i]);
      expect(heard).toHaveLength(1);
      expect(heard[0]!.length).toBeLessThanOrEqual(200);
    }
  });

  it("after a restart, a socket given the named few as they stand hears only the counts next", async () => {
    const t = newRoom();
    const first = Array.from({ length: PRESENCE_NAMED }, (_, i) => t.join(t.claims("crew", `crew-${i}`)));
    const late = t.join(t.claims("crew", "late"));
    expect(late.take("presence")[0]!.users).toHaveLength(PRESENCE_NAMED);
    const mark = late.sent.length;
    await t.clock.advance(1000);
    const news = late.sent.slice(mark);
    expect(news).toHaveLength(1);
    expect(JSON.parse(news[0]!)).toEqual({
      type: "presenceDelta",
      counts: { display: 0, crew: 7, supervisor: 0 },
      joined: [],
      left: [],
    });
    expect(late.held().users).toHaveLength(PRESENCE_NAMED);
    // The first was given only itself: it hears who joined, and holds the same as the last.
    expect(first[0]!.held().users.map((u) => u.id)).toEqual(late.held().users.map((u) => u.id));
    expect(first[0]!.held().counts.crew).toBe(7);
  });
});
