#!/usr/bin/env node
// Runs every vitest project once and ends with the one line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";

const out = ".tmp/vitest-results.json";
mkdirSync(".tmp", { recursive: true });
rmSync(out, { force: true });
const args = [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const result = spawnSync("npx", args, { stdio: "inherit", env });

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(out, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  // A file that fails to load has no failed test of its own; it still counts.
  if (!report.success && failed === 0) failed = Math.max(1, report.numFailedTestSuites ?? 0);
} catch (err) {
  console.error(`could not read ${out}: ${err.message}`);
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
