import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface ChromeChoice {
  path: string;
  /** Where it came from, for the one line a run prints. */
  source: "CHROME_PATH" | "Debian" | "npm";
  /** Extra environment for the browser process (fonts when the machine has none). */
  env: Record<string, string>;
}

const DEBIAN = "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "../..");
const cacheRoot = path.join(root, "node_modules", ".cache", "chromium");

/**
 * CHROME_PATH if set, else Debian's Chromium if present, else the Chromium that the pinned
 * `@sparticuz/chromium` package ships inside its tarball (no download, no apt, no root).
 */
export async function resolveChrome(): Promise<ChromeChoice> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return { path: fromEnv, source: "CHROME_PATH", env: {} };
  }
  if (existsSync(DEBIAN)) return { path: DEBIAN, source: "Debian", env: {} };
  const dir = await inflateNpmChromium();
  // The package's own fonts, only where the machine has no fontconfig of its own.
  const env: Record<string, string> = existsSync("/etc/fonts/fonts.conf")
    ? {}
    : { FONTCONFIG_PATH: path.join(dir, "fonts") };
  return { path: path.join(dir, "chromium"), source: "npm", env };
}

/**
 * The package inflates into os.tmpdir() and trusts any `chromium` already there, whatever its
 * version or however half-written. We point it at a fresh folder per pinned version instead and
 * publish the folder with one rename once it is complete, so a killed run never leaves a
 * truncated browser behind and two pinned versions never mix.
 */
async function inflateNpmChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports no ./package.json; its entry is build/<format>/index, two folders down.
  const pkgJson = path.resolve(path.dirname(require.resolve("@sparticuz/chromium")), "../../package.json");
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
  const dir = path.join(cacheRoot, version);
  if (existsSync(path.join(dir, ".complete"))) return dir;

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(path.join(cacheRoot, `${version}-tmp-`));
  const { default: chromium } = await import("@sparticuz/chromium");
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    await chromium.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  writeFileSync(path.join(staging, ".complete"), version);
  try {
    renameSync(staging, dir);
  } catch {
    // Another process published the same version first; its copy is as good as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The browser for this process, announced once per run (the e2e global setup or a script). */
export async function chromeForRun(): Promise<ChromeChoice> {
  const choice = await resolveChrome();
  if (!process.env.CAR_TRACKER_CHROME_SAID) {
    const version = execFileSync(choice.path, ["--version"], { env: { ...process.env, ...choice.env } })
      .toString()
      .trim();
    console.log(`browser: ${version} (${choice.source}: ${choice.path})`);
    // Test files and child processes inherit this, so the line is printed once per run.
    process.env.CAR_TRACKER_CHROME_SAID = "1";
  }
  return choice;
}
