import { defineConfig } from "vitest/config";

// One run, three kinds of test: pure domain (Node), Worker + Durable Object
// (real workerd through vitest-pool-workers), and whole-process checks (Node).
export default defineConfig({
  test: {
    projects: [
      "./vitest.unit.config.ts",
      "./vitest.workers.config.ts",
      "./vitest.node.config.ts",
      "./vitest.e2e.config.ts",
    ],
  },
});
