import { applyD1Migrations, env } from "cloudflare:test";

// Storage is fresh per test file; the D1 schema has to be there before the first test.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
