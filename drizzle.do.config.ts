import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./party/store/do-schema.ts",
  out: "./drizzle/do",
});
