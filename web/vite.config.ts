import react from "@vitejs/plugin-react";
import { execSync } from "node:child_process";
import { defineConfig } from "vite";

/** The commit the bundle was built from (and when), so error reports group by release. */
function buildId(): string {
  const at = new Date().toISOString().slice(0, 16);
  try {
    return `${execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim()}@${at}`;
  } catch {
    return `local@${at}`;
  }
}

// A plain Vite build into web/dist, which the Worker serves as static assets.
// `npm run dev` proxies the hub (wrangler dev on 8787) for hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  define: { __BUILD_ID__: JSON.stringify(buildId()) },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: {
      "/api": "http://127.0.0.1:8787",
      "/parties": { target: "ws://127.0.0.1:8787", ws: true },
    },
  },
});
