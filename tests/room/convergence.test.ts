import { describe, it } from "vitest";
import { convergence, outcomeOf } from "../contract/convergence.property";
import { newRoom } from "./harness";

let run = 0;

describe("convergence under interleaving and duplicates (the room, in Node)", () => {
  it("ends in the state that serial application in seq order gives, and diffs rebuild it", async () => {
    await convergence(async (locations) => {
      const t = newRoom({ name: `prop-${++run}`, demo: false });
      const created = t.room.calls.create({ id: t.room.name, name: "Property", locations });
      if (!created.ok) throw new Error(created.message);
      const operator = t.claims("supervisor", "operator");
      return {
        post: async (m) => outcomeOf(await (await t.http("/mutations", operator, { method: "POST", body: m })).json()),
        get: async (path) => (await t.http(path, operator)).json(),
      };
    }, 300);
  }, 60_000);
});
