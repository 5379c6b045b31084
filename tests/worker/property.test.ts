import { describe, it } from "vitest";
import { convergence, outcomeOf } from "../contract/convergence.property";
import { api, createFacility, operatorToken } from "./helpers";

let run = 0;

// The same property runs over the room in Node (tests/room/convergence.test.ts), with many more runs (300);
// here it proves the DO's SQLite store and the HTTP edge agree with it, which a few runs show (16 keep the
// suite's time in bounds now that every run carries door taps too).
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
    }, 16);
  }, 60_000);
});
