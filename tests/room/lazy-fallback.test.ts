import { describe, expect, it, vi } from "vitest";
import { newClient } from "./engine-harness";
import { newRoom, update } from "./harness";

// The browser loads the HTTP fallback's code only when the socket first gives up (web/src/net/lazy-fallback.ts).
// Here each load waits on the test, as on a slow network, against the real fallback and the room.

function loads() {
  const waiting: { arrive(): void; fail(): void }[] = [];
  const arrives = () =>
    new Promise<void>((arrive, reject) => waiting.push({ arrive, fail: () => reject(new Error("chunk unreachable")) }));
  return { waiting, arrives };
}

describe("the HTTP fallback, loaded when first needed", () => {
  it("polls once its code is here, and not at all if the socket came back while it loaded", async () => {
    const t = newRoom();
    const code = loads();
    const kim = newClient(t, t.claims("crew", "kim"), { fallbackArrives: code.arrives });
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    // Each failed retry asks for the fallback again; its code is asked for once.
    expect(code.waiting).toHaveLength(1);
    expect(kim.state().mode).not.toBe("polling");
    kim.link.connect();
    expect(kim.state().mode).toBe("live");
    code.waiting[0]!.arrive();
    await t.clock.advance(25_000);
    expect(kim.polls.asked).toBe(0);
    expect(kim.state().mode).toBe("live");

    // The next time the socket gives up, the code is here already: polling at once, and taps go over HTTP.
    kim.link.drop();
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    await vi.waitFor(() => expect(kim.state().mode).toBe("polling"));
    await kim.engine.send(update("128414", { arrived: true }));
    await vi.waitFor(() => expect(kim.state().pending).toHaveLength(0));
    expect(t.room.hub.car("128414")?.arrived).toBe(true);
    expect(code.waiting).toHaveLength(1);
  });

  it("asks for its code again when it could not be fetched, and a tap made meanwhile waits, then goes", async () => {
    const t = newRoom();
    const code = loads();
    const kim = newClient(t, t.claims("crew", "kim"), { fallbackArrives: code.arrives });
    for (let i = 0; i < 3; i++) kim.engine.closed(1006);
    code.waiting[0]!.fail();
    await t.clock.advance(5_000);
    expect(kim.polls.asked).toBe(0);
    await kim.engine.send(update("128421", { late: true }));
    expect(kim.state().pending).toHaveLength(1);
    // The socket's next failed retry asks again, and this time the code arrives.
    kim.engine.closed(1006);
    await vi.waitFor(() => expect(code.waiting).toHaveLength(2));
    code.waiting[1]!.arrive();
    await vi.waitFor(() => expect(kim.state().pending).toHaveLength(0));
    expect(t.room.hub.car("128421")?.late).toBe(true);
    expect(kim.state().mode).toBe("polling");
  });
});
