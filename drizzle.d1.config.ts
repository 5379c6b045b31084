import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./party/store/d1-schema.ts",
  out: "./drizzle/d1",
});
