import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// A plain Vite build into web/dist, which the Worker serves as static assets.
// `npm run dev` proxies the hub (wrangler dev on 8787) for hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: {
      "/api": "http://127.0.0.1:8787",
      "/parties": { target: "ws://127.0.0.1:8787", ws: true },
    },
  },
});
