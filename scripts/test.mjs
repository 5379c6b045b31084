#!/usr/bin/env node
// Runs every vitest project once and ends with the one line CI reads: "N passed, N failed".
//
// The browser files run in a vitest of their own, beside one for the rest. In one vitest the projects ran one
// after another (Node and unit files, then the Worker files, then the browser files: 115 s before the first
// browser file), so the browser files, one at a time and the longest path, started last. Given arguments
// (a file, `-t`), it is one vitest as before.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";

mkdirSync(".tmp", { recursive: true });
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** One vitest run; resolves to its exit status and its report's counts. */
function vitest(name, args) {
  const out = `.tmp/vitest-${name}.json`;
  rmSync(out, { force: true });
  const all = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...args];
  return new Promise((resolve) => {
    const child = spawn("npx", all, { stdio: "inherit", env });
    child.on("exit", (status) => {
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
      resolve({ status, passed, failed });
    });
  });
}

const given = process.argv.slice(2);
const runs =
  given.length > 0
    ? [vitest("results", given)]
    : [
        vitest("browser", ["--project", "e2e"]),
        // One worker: the browser's vitest has the other core.
        vitest("rest", ["--project", "unit", "--project", "workers", "--project", "node", "--maxWorkers=1"]),
      ];
const results = await Promise.all(runs);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.status === 0) && failed === 0 && passed > 0 ? 0 : 1);
