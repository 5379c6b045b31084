import { describe, expect, it } from "vitest";
import { opensFromSavedBoard, routeOf } from "../../web/src/route";

// One reading of an address for the app's routing and for the storage entry, which starts reading the saved
// board before the app has loaded: they cannot disagree about which screens open from it.

describe("what an address opens", () => {
  it("names each screen, and only the board's screens open from the board saved on the device", () => {
    const cases = [
      ["/", { screen: "chooser" }, false],
      ["/ops", { screen: "ops" }, false],
      ["/f/demo", { screen: "handheld", fid: "demo" }, true],
      ["/f/demo/wall", { screen: "wall", fid: "demo" }, true],
      ["/f/demo/doors", { screen: "doors", fid: "demo" }, true],
      ["/f/demo/somewhere", { screen: "handheld", fid: "demo" }, true],
      ["/f/Hub%207/audit", { screen: "supervisor", fid: "Hub 7", view: { kind: "audit" } }, false],
      ["/f/demo/analytics", { screen: "supervisor", fid: "demo", view: { kind: "analytics" } }, false],
      ["/f/demo/shifts", { screen: "supervisor", fid: "demo", view: { kind: "shifts" } }, false],
      ["/f/demo/shifts/12", { screen: "supervisor", fid: "demo", view: { kind: "shift", id: 12 } }, false],
      ["/f/%E0", { screen: "handheld", fid: "%E0" }, true],
      ["/f", { screen: "chooser" }, false],
    ] as const;
    for (const [path, route, saved] of cases) {
      expect(routeOf(path), path).toEqual(route);
      expect(opensFromSavedBoard(routeOf(path)), path).toBe(saved);
    }
  });
});
