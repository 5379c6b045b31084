import { defineConfig } from "drizzle-kit";

// After generating: `cars` and `mutations` are declared WITHOUT ROWID by hand in
// 0000_init.sql (drizzle cannot say it). Each mutation writes both; one b-tree each
// instead of a table plus a primary-key index measurably shortens the commit.
// drizzle/do/migrations.d.ts is hand-written too.

export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./party/store/do-schema.ts",
  out: "./drizzle/do",
});
