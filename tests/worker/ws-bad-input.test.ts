import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared";
import { TestSocket, update, uuid } from "./helpers";

describe("bad input on the WebSocket", () => {
  it("answers each bad frame with an error and keeps the connection usable", async () => {
    const s = await TestSocket.open();
    const { seq } = await s.next("snapshot");
    const cases: [string, string][] = [
      ["{oops", "bad_json"],
      [JSON.stringify({ type: "teleport" }), "unknown_type"],
      [JSON.stringify({ type: "sync", since: "5" }), "invalid_message"],
      [JSON.stringify({ type: "sync", since: -3 }), "invalid_message"],
      [JSON.stringify([1, 2]), "invalid_message"],
      [JSON.stringify({ type: "mutate" }), "invalid_message"],
      ["x".repeat(LIMITS.wsFrameBytes + 1), "too_large"],
    ];
    for (const [frame, code] of cases) {
      s.sendRaw(frame);
      const err = await s.next("error");
      expect(err.code, frame.slice(0, 40)).toBe(code);
      expect(err.message.length).toBeGreaterThan(0);
    }
    s.sendRaw(new TextEncoder().encode("{}").buffer as ArrayBuffer);
    expect((await s.next("error")).code).toBe("invalid_message");
    // A mutation the hub cannot read is rejected by its id, so the client can drop it from its outbox.
    const bad = { ...update("128472", { arrived: "false" }) };
    s.mutate(bad);
    const rej = await s.next("reject", (r) => r.mutationId === bad.mutationId);
    expect(rej.code).toBe("invalid_message");
    expect(rej.message).toContain("arrived");
    // Still usable, and nothing changed.
    const ok = update("128472", { arrived: true });
    s.mutate(ok);
    expect(await s.next("ack", (a) => a.mutationId === ok.mutationId)).toMatchObject({ seq: seq + 1 });
    expect(s.closed).toBeNull();
    s.close();
  });

  it("refuses contradictory or unknown ids and locations with domain codes", async () => {
    const s = await TestSocket.open();
    await s.next("snapshot");
    const cases: [Record<string, unknown>, string][] = [
      [{ type: "car.add", mutationId: uuid(), carId: "bad id!" }, "invalid_message"],
      [{ type: "car.add", mutationId: uuid(), carId: "x".repeat(33) }, "invalid_message"],
      [{ type: "car.add", mutationId: uuid(), carId: "NEW-9", location: "Roof" }, "invalid_location"],
      [{ type: "car.remove", mutationId: uuid(), carId: "NOT-HERE" }, "not_found"],
      [{ type: "shift.end", mutationId: uuid() }, "no_shift"],
      [{ type: "facility.setLocations", mutationId: uuid(), locations: [] }, "invalid_message"],
      [{ type: "facility.setLocations", mutationId: uuid(), locations: ["100", "200"] }, "location_in_use"],
      [{ type: "fleet.import", mutationId: uuid(), cars: [{ id: "A-1" }, { id: "A-1" }] }, "invalid_message"],
    ];
    for (const [mutation, code] of cases) {
      s.mutate(mutation as never);
      const rej = await s.next("reject", (r) => r.mutationId === mutation.mutationId);
      expect(rej.code, JSON.stringify(mutation).slice(0, 80)).toBe(code);
    }
    s.close();
  });
});
