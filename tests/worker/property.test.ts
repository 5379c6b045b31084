import { describe, it } from "vitest";
import { convergence, outcomeOf } from "../contract/convergence.property";
import { api, createFacility, operatorToken } from "./helpers";

let run = 0;

// The same property runs over the room in Node (tests/room/convergence.test.ts), with many more runs.
describe("convergence under interleaving and duplicates (real hub)", () => {
  it("ends in the state that serial application in seq order gives, and diffs rebuild it", async () => {
    await convergence(async (locations) => {
      const fid = `prop-${++run}`;
      await createFacility(fid, locations);
      const as = await operatorToken(fid);
      return {
        post: async (m) =>
          outcomeOf(await (await api(`/api/facilities/${fid}/mutations`, { method: "POST", json: m, as })).json()),
        get: async (path) => (await api(`/api/facilities/${fid}${path}`, { as })).json(),
      };
    }, 25);
  }, 60_000);
});
