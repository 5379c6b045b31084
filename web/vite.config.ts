import react from "@vitejs/plugin-react";
import { execSync } from "node:child_process";
import path from "node:path";
import { defineConfig, type Plugin } from "vite";

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

/**
 * `<link rel="prefetch">` for a lazy chunk and everything it imports that the page does not load already. The
 * browser fetches them when idle without running them, and the service worker caches every /assets/ link of
 * the page when it installs, so the chunk opens offline even on a device that never opened it (an import a
 * few seconds after the board, as before, was not sure to have happened before the Wi-Fi went).
 */
function prefetchChunks(names: readonly string[]): Plugin {
  return {
    name: "car-tracker:prefetch-chunks",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const files = new Set<string>();
        const visit = (file: string) => {
          const chunk = bundle[file];
          if (files.has(file) || chunk?.type !== "chunk") return;
          files.add(file);
          chunk.imports.forEach(visit);
        };
        for (const out of Object.values(bundle)) {
          if (out.type === "chunk" && out.isDynamicEntry && names.includes(out.name)) visit(out.fileName);
        }
        if (files.size === 0) throw new Error(`prefetch-chunks: no chunk named ${names.join(", ")}`);
        return [...files]
          .filter((file) => !html.includes(`"/${file}"`))
          .map((file) => ({ tag: "link", attrs: { rel: "prefetch", href: `/${file}` }, injectTo: "head" as const }));
      },
    },
  };
}

/**
 * The storage module (web/src/net/storage.ts) as its own entry, loaded by a script of its own ahead of the app's:
 * a module script in index.html would be bundled into the app's entry and run only once all of it had loaded.
 */
function storageFirst(): Plugin {
  return {
    name: "car-tracker:storage-first",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === "chunk" && c.isEntry && c.name === "storage",
        );
        if (!chunk) throw new Error("storage-first: no storage entry in the bundle");
        const attrs = { type: "module", crossorigin: true, src: `/${chunk.fileName}` };
        return [{ tag: "script", attrs, injectTo: "head-prepend" as const }];
      },
    },
  };
}

/** The modules of the storage entry (web/src/net/storage.ts and the route it reads). */
const STORAGE_ENTRY = /src[\\/]net[\\/]storage\.ts$|src[\\/]route\.ts$/;

// A plain Vite build into web/dist, which the Worker serves as static assets.
// `npm run dev` proxies the hub (wrangler dev on 8787) for hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    react(),
    storageFirst(),
    prefetchChunks([
      "handheld-tools",
      "scan-panel",
      "push-offer",
      "history-list",
      "plan-any",
      "alert-list",
      "sign-in",
      "http-fallback",
    ]),
  ],
  define: { __BUILD_ID__: JSON.stringify(buildId()) },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Every browser that runs the app (es2022) knows modulepreload: the polyfill was 0.5 KiB of the first load.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: path.join(import.meta.dirname, "index.html"),
        storage: path.join(import.meta.dirname, "src/net/storage.ts"),
      },
      output: {
        // What the first screen needs, as one file rather than eight: gzip then sees it all at once (3 KiB less
        // than the same code split by which lazy chunks share it), and the page asks for two files, not nine.
        // The storage entry stays apart, since it is loaded first, ahead of the rest.
        codeSplitting: {
          groups: [
            { name: "storage", priority: 2, test: STORAGE_ENTRY },
            { name: "index", priority: 1, tags: ["$initial"], test: (id) => !STORAGE_ENTRY.test(id) },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": "http://127.0.0.1:8787",
      "/parties": { target: "ws://127.0.0.1:8787", ws: true },
    },
  },
});
