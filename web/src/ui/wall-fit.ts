/**
 * How the wall lays its lanes out so every car is on one screen that nobody scrolls: the largest tile at
 * which every lane's cars fit, columns handed to the fullest lanes first, empty lanes shrunk to their
 * heading, and lanes wrapped into bands when one row of them cannot hold them all. Pure, so it is tested in
 * Node against any spread of cars.
 */
export interface WallBox {
  width: number;
  height: number;
}

export interface WallFit {
  /** Tile width and height in px. */
  tile: number;
  tileHeight: number;
  /** How many rows of lanes. */
  bands: number;
  /** Per lane: its band, its width in px, and how many of its cars are shown (the rest: "+N more"). */
  lanes: { band: number; width: number; shown: number }[];
}

export const FIT = {
  gap: 6,
  laneGap: 16,
  bandGap: 12,
  header: 48,
  emptyLane: 96,
  maxTile: 230,
  minTile: 48,
  maxBands: 5,
  /** Tiles are wider than tall: an id of six to eight digits and a status mark. */
  aspect: 0.42,
} as const;

export const heightOf = (tile: number): number => Math.max(22, Math.round(tile * FIT.aspect));

/** Columns for each non-empty lane, given to whichever lane has the most rows until none are left. */
function columns(counts: number[], total: number): number[] | null {
  const busy = counts.filter((n) => n > 0).length;
  if (busy > total) return null;
  const cols = counts.map((n) => (n > 0 ? 1 : 0));
  const rows = (i: number) => Math.ceil(counts[i]! / cols[i]!);
  for (let left = total - busy; left > 0; left--) {
    let worst = -1;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i]! === 0 || cols[i]! >= counts[i]!) continue;
      if (worst < 0 || rows(i) > rows(worst)) worst = i;
    }
    if (worst < 0) break;
    cols[worst]! += 1;
  }
  return cols;
}

/** One band of lanes at one tile size: the columns of each lane, or null when its cars do not fit. */
function fitBand(
  counts: number[],
  box: WallBox,
  tile: number,
  clip: boolean,
): { cols: number[]; shown: number[] } | null {
  const busy = counts.filter((n) => n > 0).length;
  const empties = counts.length - busy;
  const free = box.width - FIT.laneGap * Math.max(0, counts.length - 1) - empties * FIT.emptyLane;
  const cols = columns(counts, Math.floor((free + FIT.gap * busy) / (tile + FIT.gap)));
  if (!cols) return null;
  const room = Math.floor((box.height - FIT.header + FIT.gap) / (heightOf(tile) + FIT.gap));
  const fits = counts.every((n, i) => n === 0 || Math.ceil(n / cols[i]!) <= room);
  if (fits) return { cols, shown: counts };
  if (!clip || room < 1) return null;
  return { cols, shown: counts.map((n, i) => (n <= cols[i]! * room ? n : Math.max(0, cols[i]! * room - 1))) };
}

/** Lanes in display order, cut into `bands` runs of about equal length. */
function split(n: number, bands: number): number[] {
  const per = Math.ceil(n / bands);
  return Array.from({ length: n }, (_, i) => Math.floor(i / per));
}

function attempt(box: WallBox, counts: number[], tile: number, bands: number, clip: boolean): WallFit | null {
  const bandOf = split(counts.length, bands);
  const height = (box.height - FIT.bandGap * (bands - 1)) / bands;
  const lanes: WallFit["lanes"] = [];
  for (let b = 0; b < bands; b++) {
    const idx = counts.map((_, i) => i).filter((i) => bandOf[i] === b);
    const fit = fitBand(
      idx.map((i) => counts[i]!),
      { width: box.width, height },
      tile,
      clip,
    );
    if (!fit) return null;
    idx.forEach((_, k) => {
      const n = counts[idx[k]!]!;
      const width = n === 0 ? FIT.emptyLane : fit.cols[k]! * (tile + FIT.gap) - FIT.gap;
      lanes.push({ band: b, width, shown: fit.shown[k]! });
    });
  }
  return { tile, tileHeight: heightOf(tile), bands, lanes };
}

export function fitWall(box: WallBox, counts: number[]): WallFit {
  const maxBands = Math.min(FIT.maxBands, Math.max(1, counts.length));
  for (let tile = FIT.maxTile; tile >= FIT.minTile; tile -= 2) {
    for (let bands = 1; bands <= maxBands; bands++) {
      const fit = attempt(box, counts, tile, bands, false);
      if (fit) return fit;
    }
  }
  // Even the smallest tile does not fit them all: each lane shows what fits and counts the rest.
  for (let bands = 1; bands <= maxBands; bands++) {
    const fit = attempt(box, counts, FIT.minTile, bands, true);
    if (fit) return fit;
  }
  return {
    tile: FIT.minTile,
    tileHeight: heightOf(FIT.minTile),
    bands: 1,
    lanes: counts.map(() => ({ band: 0, width: FIT.emptyLane, shown: 0 })),
  };
}
