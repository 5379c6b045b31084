import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { WRANGLER } from "../../scripts/dev-server";

const run = promisify(execFile);

describe("production bundle", () => {
  it("builds with wrangler deploy --dry-run", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "ct-deploy-"));
    const { stdout, stderr } = await run(WRANGLER[0], [WRANGLER[1], "deploy", "--dry-run", "--outdir", out], {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    expect(`${stdout}${stderr}`).toContain("--dry-run: exiting now");
    const files = readdirSync(out);
    expect(files).toContain("worker.js");
    // The bundle must carry the DO migrations as text, and stay well inside the Workers size limit.
    expect(statSync(path.join(out, "worker.js")).size).toBeLessThan(3_000_000);
  });
});
