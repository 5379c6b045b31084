import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["./tests/e2e/global-setup.ts"],
    environment: "node",
    // One hub and one Chromium at a time on a 2-core machine; the other worker runs the Node and Worker files.
    maxWorkers: 1,
    testTimeout: 60_000,
    // A browser under a loaded CI machine can take seconds to notice a network change; 1 s (the default) flakes.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    hookTimeout: 120_000,
  },
});
