import { applyD1Migrations, env } from "cloudflare:test";

// Storage is fresh per test file; the D1 schema has to be there before the first test, in both audit shards.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.AUDIT_1, env.TEST_MIGRATIONS);
