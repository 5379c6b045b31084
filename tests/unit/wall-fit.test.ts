import { describe, expect, it } from "vitest";
import { FIT, fitWall } from "../../web/src/ui/wall-fit";

// The lanes' area of a 1920x1080 TV once the heading, totals and legend are drawn.
const TV = { width: 1872, height: 860 };

/** Every band's lanes fit its width, and every lane's tiles (and a "+N more" tile) fit its band's height. */
function check(counts: number[]) {
  const fit = fitWall(TV, counts);
  const bandHeight = (TV.height - FIT.bandGap * (fit.bands - 1)) / fit.bands;
  for (let b = 0; b < fit.bands; b++) {
    const lanes = fit.lanes.filter((l) => l.band === b);
    const width = lanes.reduce((s, l) => s + l.width, 0) + FIT.laneGap * (lanes.length - 1);
    expect(width).toBeLessThanOrEqual(TV.width);
  }
  fit.lanes.forEach((lane, i) => {
    if (counts[i] === 0) return;
    const cols = Math.floor((lane.width + FIT.gap) / (fit.tile + FIT.gap));
    const rows = Math.ceil((lane.shown + (lane.shown < counts[i]! ? 1 : 0)) / cols);
    expect(FIT.header + rows * (fit.tileHeight + FIT.gap) - FIT.gap).toBeLessThanOrEqual(bandHeight);
  });
  return fit;
}

describe("the wall fits its fleet on one screen", () => {
  it("shows all 43 demo cars in Yard with seven empty lanes, in big tiles", () => {
    const fit = check([43, 0, 0, 0, 0, 0, 0, 0]);
    expect(fit.lanes[0]!.shown).toBe(43);
    expect(fit.tile).toBeGreaterThanOrEqual(150);
    expect(fit.lanes.slice(1).every((l) => l.width === FIT.emptyLane)).toBe(true);
  });

  it.each([
    ["120 cars at one location", [120, 0, 0, 0, 0, 0, 0, 0]],
    ["120 cars spread unevenly", [40, 25, 20, 15, 10, 5, 4, 1]],
    ["120 cars spread evenly", [15, 15, 15, 15, 15, 15, 15, 15]],
    ["120 cars across 50 locations", Array.from({ length: 50 }, (_, i) => (i < 40 ? 3 : 0))],
  ])("shows every one of %s", (_name, counts) => {
    const fit = check(counts);
    fit.lanes.forEach((l, i) => expect(l.shown).toBe(counts[i]));
  });

  it("keeps tiles readable at 500 cars, and counts what cannot fit when even the smallest tile is too big", () => {
    const spread = check([200, 100, 100, 50, 50, 0, 0, 0]);
    expect(spread.lanes.map((l) => l.shown)).toEqual([200, 100, 100, 50, 50, 0, 0, 0]);
    const huge = check([5000, 0]);
    expect(huge.tile).toBe(FIT.minTile);
    expect(huge.lanes[0]!.shown).toBeLessThan(5000);
    expect(huge.lanes[0]!.shown).toBeGreaterThan(500);
  });
});
