import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { HubKeys } from "./hub-http";
import { vapidKeys } from "./vapid-keys.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const QUIET_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
/** wrangler's own entry, run by this Node: `npx wrangler` first spends about 0.6 s finding it, on every call. */
export const WRANGLER = [process.execPath, path.join(ROOT, "node_modules/wrangler/bin/wrangler.js")] as const;
const runFile = promisify(execFile);

export interface DevServer {
  url: string;
  port: number;
  persistDir: string;
  /** The demo facility's codes and sessions, through this server's own random ADMIN_CODE. */
  keys: HubKeys;
  /** This server's VAPID public key (base64url), as GET /api/push/vapid-key answers it. */
  vapidPublicKey: string;
  /** Kills workerd hard (SIGKILL to the whole process group), as a crash would. */
  kill(): Promise<void>;
  /** Rows of a query on this server's local D1 (the directory), read by wrangler itself from the files on disk. */
  d1(sql: string): Promise<Record<string, unknown>[]>;
  /** The process group of wrangler and its workerd processes (bench/runtime-url.ts looks inside it), or null when down. */
  group(): number | null;
  /** Starts it again on the same port and state. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Fresh local state with every D1 binding of the config migrated (the directory and the second audit shard),
 * made once per set of migrations and copied for each server: a `wrangler d1 migrations apply` costs seconds,
 * a copy milliseconds.
 */
function migratedState(config: string): string {
  const migrations = path.join(ROOT, "drizzle/d1");
  const hash = createHash("sha256").update(readFileSync(path.resolve(ROOT, config)));
  for (const f of readdirSync(migrations).sort()) {
    if (f.endsWith(".sql")) hash.update(f).update(readFileSync(path.join(migrations, f)));
  }
  const dir = path.join(tmpdir(), `ct-d1-template-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(dir)) return dir;
  const building = mkdtempSync(path.join(tmpdir(), "ct-d1-building-"));
  const shards = readFileSync(path.resolve(ROOT, config), "utf8").includes('"AUDIT_1"') ? ["AUDIT_1"] : [];
  for (const binding of ["DB", ...shards]) {
    const migrate = spawnSync(
      WRANGLER[0],
      [WRANGLER[1], "d1", "migrations", "apply", binding, "--local", "-c", config, "--persist-to", building],
      { cwd: ROOT, env: QUIET_ENV, encoding: "utf8" },
    );
    if (migrate.status !== 0) throw new Error(`d1 migrations failed: ${migrate.stderr}${migrate.stdout}`);
  }
  try {
    renameSync(building, dir);
  } catch {
    // Another process made it first; theirs is the same.
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** `wrangler dev` on loopback with its own fresh on-disk state and secrets, D1 migrated. */
export async function startDevServer(opts: {
  config: string;
  port: number;
  vars?: Record<string, string>;
}): Promise<DevServer> {
  const persistDir = mkdtempSync(path.join(tmpdir(), "ct-state-"));
  cpSync(migratedState(opts.config), persistDir, { recursive: true });

  // Fresh secrets per server, passed as vars: a developer's own .dev.vars never leaks into a test.
  const vapid = await vapidKeys();
  const vars = {
    ADMIN_CODE: `test-${randomBytes(9).toString("hex")}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    PUSH_ALLOW_LOOPBACK: "true",
    // Tests start from the bare demo fleet; the one that checks the demo's past asks for it.
    DEMO_HISTORY: "0",
    // A line per request and per change is for Workers Logs; here it would only be piped and dropped.
    LOG_REQUESTS: "off",
    ...opts.vars,
  };
  let child: ChildProcess | null = null;
  const launch = async () => {
    const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
    const args = [WRANGLER[1], "dev", "-c", opts.config, "--ip", "127.0.0.1", "--port", String(opts.port)];
    args.push("--persist-to", persistDir, "--log-level", "warn", "--show-interactive-dev-session=false", ...varArgs);
    // Each server its own inspector port (wrangler takes 9229 for every one): the browser files' servers run
    // beside the Node files' (scripts/test.mjs).
    args.push("--inspector-port", String(opts.port + 10_000));
    child = spawn(WRANGLER[0], args, { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${opts.port}/api/health`);
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`wrangler dev exited: ${log}`);
      if (Date.now() > deadline) throw new Error(`wrangler dev did not start in 60 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const killGroup = async (signal: NodeJS.Signals) => {
    const c = child;
    // A process ended by a signal has a signalCode and no exitCode: waiting on it again would only time out.
    if (!c || c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
    const exited = new Promise((r) => c.once("exit", r));
    try {
      process.kill(-c.pid, signal);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  await launch();
  return {
    url: `http://127.0.0.1:${opts.port}`,
    port: opts.port,
    persistDir,
    keys: new HubKeys(`http://127.0.0.1:${opts.port}`, vars.ADMIN_CODE),
    vapidPublicKey: vapid.publicKey,
    kill: () => killGroup("SIGKILL"),
    d1: async (sql) => {
      const args = ["d1", "execute", "DB", "--local", "-c", opts.config, "--persist-to", persistDir, "--json"];
      const { stdout } = await runFile(WRANGLER[0], [WRANGLER[1], ...args, "--command", sql], {
        cwd: ROOT,
        env: QUIET_ENV,
      });
      return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[])[0]!.results;
    },
    group: () => {
      const c = child as ChildProcess | null;
      return c?.pid !== undefined && c.exitCode === null && c.signalCode === null ? c.pid : null;
    },
    restart: launch,
    stop: async () => {
      await killGroup("SIGTERM");
      await killGroup("SIGKILL");
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
