import { defineConfig } from "vitest/config";

// One run, three kinds of test: pure domain (Node), Worker + Durable Object
// (real workerd through vitest-pool-workers), and whole-process checks (Node).
export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one worker, which runs the whole suite in series: the
    // Node and Worker files then wait on the browser files (one at a time) instead of running beside them.
    maxWorkers: 2,
    projects: [
      "./vitest.unit.config.ts",
      "./vitest.workers.config.ts",
      "./vitest.node.config.ts",
      "./vitest.e2e.config.ts",
    ],
  },
});
