import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import path from "node:path";
import { defineProject } from "vitest/config";
import { vapidKeys } from "./scripts/vapid-keys.mjs";

const vapid = await vapidKeys();

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
          // ...and the alert rules' check after a change, which rides any ring they run, as the flush does.
          ALERT_CHECK_DELAY_MS: "3600000",
          // The bare demo fleet: tests count its seqs and audit rows from zero.
          DEMO_HISTORY: "0",
          // The one-line-per-request logs are for Workers Logs, not this run's output.
          LOG_REQUESTS: "off",
          // Web Push on, with a key pair made for this run; endpoints must be https here, as in production.
          VAPID_PUBLIC_KEY: vapid.publicKey,
          VAPID_PRIVATE_KEY: vapid.privateKey,
          // As in production, whatever a developer's .dev.vars says for `npm start`.
          PUSH_ALLOW_LOOPBACK: "false",
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
