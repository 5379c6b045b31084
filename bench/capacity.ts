// npm run capacity: what one D1 database holds, measured on our own audit rows. The demo building's past nights
// are played through the real room (Node, in-memory twins), drained into a local D1 by the production flush,
// and the database's size (D1's `size_after`, from workerd's own SQLite) is read as the table and each index are
// built again one at a time. Figures and the arithmetic of docs/capacity.md go to bench/results/capacity.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getPlatformProxy } from "wrangler";
import { WRANGLER } from "../scripts/dev-server";
import { MemoryArchive } from "../party/room/archive";
import { ManualClock } from "../party/room/clock";
import { FacilityRoom } from "../party/room/facility-room";
import { MemoryKv } from "../party/room/kv";
import { MemoryAlarm } from "../party/room/scheduler";
import { d1, flushOutbox } from "../party/store/d1-audit";
import { MemoryAccessStore } from "../party/store/memory-access-store";
import { MemoryStore } from "../party/store/memory-store";

const ROOT = path.resolve(import.meta.dirname, "..");
const NIGHTS = Number(process.env.CAPACITY_NIGHTS ?? 30);
const CARS = 500;
const SHIFTS_A_DAY = 1.5;
const SHIFT_YEARS = 3;
const D1_MAX_BYTES = 10 * 1000 ** 3;
/** Kept free in every database: room for a busy season, the migrations' copies and SQLite's own pages. */
const HEADROOM = 0.8;

const dir = mkdtempSync(path.join(tmpdir(), "ct-capacity-"));
const config = path.join(dir, "wrangler.jsonc");
writeFileSync(
  config,
  JSON.stringify({
    name: "capacity",
    compatibility_date: "2026-04-20",
    d1_databases: [
      {
        binding: "DB",
        database_name: "capacity",
        database_id: "capacity",
        migrations_dir: path.join(ROOT, "drizzle/d1"),
      },
    ],
  }),
);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const [node, wrangler] = WRANGLER;
const migrated = spawnSync(
  node,
  [wrangler, "d1", "migrations", "apply", "DB", "--local", "-c", config, "--persist-to", dir],
  { cwd: ROOT, env, encoding: "utf8" },
);
if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
const proxy = await getPlatformProxy<{ DB: D1Database }>({
  configPath: config,
  persist: { path: path.join(dir, "v3") },
});
const db = proxy.env.DB;
const size = async () => (await db.prepare("SELECT 1").run()).meta.size_after as number;

try {
  // Our rows: the demo building's nights, through the room and the production flush.
  const clock = new ManualClock(Date.parse("2026-12-01T12:00:00Z"));
  const store = new MemoryStore();
  new FacilityRoom({
    name: "capacity",
    store,
    access: new MemoryAccessStore(),
    archive: new MemoryArchive(),
    kv: new MemoryKv(),
    alarm: new MemoryAlarm(clock),
    clock,
    sockets: () => [],
    config: { demoFacility: "capacity", demoHistory: NIGHTS },
  });
  const before = await size();
  await flushOutbox(store, d1(db), "capacity");
  const withAll = (await size()) - before;
  const rows = (await db.prepare("SELECT count(*) AS n FROM audit_log").first<{ n: number }>())!.n;
  const shifts = (await db.prepare("SELECT count(*) AS n FROM shifts").first<{ n: number }>())!.n;

  // The same rows again, in a table with no index, then each of audit_log's indexes built on it alone.
  const indexes = (
    await db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL",
      )
      .all<{ name: string; sql: string }>()
  ).results;
  let mark = await size();
  await db.exec("CREATE TABLE cap_copy AS SELECT * FROM audit_log");
  const table = (await size()) - mark;
  const perIndex: Record<string, number> = {};
  for (const ix of indexes) {
    mark = await size();
    await db.exec(
      ix.sql.replace(/`?audit_log_(\w+)`?\s+ON\s+`?audit_log`?/i, "`cap_$1` ON `cap_copy`").replace(/\n/g, " "),
    );
    perIndex[ix.name] = Math.round(((await size()) - mark) / rows);
  }

  mark = await size();
  await db.exec("CREATE TABLE cap_shifts AS SELECT * FROM shifts");
  const shiftBytes = Math.round(((await size()) - mark) / shifts);
  const tableBytesPerRow = Math.round(table / rows);
  const bytesPerRow = tableBytesPerRow + Object.values(perIndex).reduce((a, b) => a + b, 0);
  const rowsPerYear = CARS * 4 * SHIFTS_A_DAY * 365;
  const retainedRows = Math.round((rowsPerYear * 400) / 365);
  const auditBytes = retainedRows * bytesPerRow;
  // Shift boards are kept 3 years; each holds every car (measured at 43 cars, scaled by the fleet).
  const boardBytes = Math.round((shiftBytes / 43) * CARS * SHIFTS_A_DAY * 365 * SHIFT_YEARS);
  const perBuilding = auditBytes + boardBytes;
  const buildingsPerDb = Math.floor((D1_MAX_BYTES * HEADROOM) / perBuilding);
  const shardsFor = (n: number) => Math.ceil(n / buildingsPerDb);
  const result = {
    measured: {
      nights: NIGHTS,
      rows,
      shifts,
      flushedBytes: withAll,
      bytesPerRow,
      tableBytesPerRow,
      indexBytesPerRow: perIndex,
      bytesPerShift43Cars: shiftBytes,
    },
    building500: { rowsPerYear, retainedRows, auditBytes, boardBytes, bytes: perBuilding },
    d1: { maxBytes: D1_MAX_BYTES, headroom: HEADROOM, buildingsPerDb },
    shards: { 10: shardsFor(10), 100: shardsFor(100), 1000: shardsFor(1000) },
  };
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  console.log(`rows measured:            ${rows} (${NIGHTS} nights of the demo building, ${shifts} shifts)`);
  console.log(`bytes a row, all indexes: ${bytesPerRow} (table alone ${tableBytesPerRow})`);
  console.log(`bytes a shift board:      ${shiftBytes} (43 cars; grows with the fleet)`);
  for (const [name, b] of Object.entries(perIndex)) console.log(`  index ${name.padEnd(22)} ${b} bytes a row`);
  console.log(
    `500-car building:         ${rowsPerYear} audit rows a year, ${retainedRows} kept (400 days) = ${mb(auditBytes)}`,
  );
  console.log(`                          + shift boards for 3 years = ${mb(boardBytes)}; ${mb(perBuilding)} in all`);
  console.log(`buildings per database:   ${buildingsPerDb} (10 GB, ${HEADROOM * 100}% used at most)`);
  console.log(
    `databases for 10 / 100 / 1000 buildings: ${result.shards[10]} / ${result.shards[100]} / ${result.shards[1000]}`,
  );
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/capacity.json"), JSON.stringify(result, null, 2) + "\n");
} finally {
  await proxy.dispose();
  rmSync(dir, { recursive: true, force: true });
}
