import { describe, expect, it } from "vitest";
import { ChangesResponseSchema, LIMITS } from "../../shared";
import { newRoom, update } from "./harness";

const changes = async (res: Promise<Response>) => ChangesResponseSchema.parse(await (await res).json());

describe("long polls: GET /changes?since=&wait=", () => {
  it("holds a poll with nothing new until the next change, and answers it with that change", async () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    const seq = t.room.hub.seq;
    let answered = false;
    const held = t.http(`/changes?since=${seq}&wait=25`, kim).then((r) => ((answered = true), r));
    await Promise.resolve();
    expect(t.room.heldPolls).toBe(1);
    await t.clock.advance(10_000);
    expect(answered).toBe(false);
    t.room.mutate(update("128414", { arrived: true }), t.claims("crew", "ana"));
    const body = await changes(held);
    expect(body).toMatchObject({ seq: seq + 1, diffs: [{ cars: [{ id: "128414", arrived: true }] }] });
    expect(t.room.heldPolls).toBe(0);
  });

  it("answers an empty list when the wait ends, at once when changes wait already, and refuses a wait over 25 s", async () => {
    const t = newRoom();
    const kim = t.claims("crew", "kim");
    const seq = t.room.hub.seq;
    const held = t.http(`/changes?since=${seq}&wait=3`, kim);
    await t.clock.advance(3000);
    expect(await changes(held)).toEqual({ seq, diffs: [] });
    t.room.mutate(update("128414", { arrived: true }), kim);
    // Behind already: no hold.
    expect((await changes(t.http(`/changes?since=${seq}&wait=25`, kim))).seq).toBe(seq + 1);
    const tooLong = await t.http(`/changes?since=${seq}&wait=26`, kim);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      code: "invalid_message",
      error: "wait must be a whole number from 0 to 25",
    });
  });

  it("holds at most heldPollsMax polls (each keeps the hub awake); past that a poll is answered at once", async () => {
    const t = newRoom({ config: { rateBurst: 100_000 } });
    const kim = t.claims("crew", "kim");
    const seq = t.room.hub.seq;
    const held = Array.from({ length: LIMITS.heldPollsMax }, () => t.http(`/changes?since=${seq}&wait=25`, kim));
    await Promise.resolve();
    expect(t.room.heldPolls).toBe(LIMITS.heldPollsMax);
    expect(await changes(t.http(`/changes?since=${seq}&wait=25`, kim))).toEqual({ seq, diffs: [] });
    t.room.mutate(update("128414", { arrived: true }), kim);
    const answers = await Promise.all(held.map(changes));
    expect(answers.every((a) => a.seq === seq + 1)).toBe(true);
    expect(t.room.heldPolls).toBe(0);
  });
});
