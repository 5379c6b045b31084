import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import path from "node:path";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: path.join(import.meta.dirname, "wrangler.jsonc") },
      miniflare: {
        bindings: {
          ADMIN_CODE: "test-admin-code",
          SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789",
          // Tests run the flush alarm themselves (runDurableObjectAlarm), never on a timer.
          AUDIT_FLUSH_DELAY_MS: "3600000",
          // The bare demo fleet: tests count its seqs and audit rows from zero.
          DEMO_HISTORY: "0",
          TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "drizzle/d1")),
        },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["tests/worker/**/*.test.ts"],
    setupFiles: ["./tests/worker/setup.ts"],
  },
});
