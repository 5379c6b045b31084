// First `npm start` on a machine: writes .dev.vars (git-ignored) with random
// secrets for wrangler dev, and prints the local supervisor code every time.
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { vapidKeys } from "./vapid-keys.mjs";

const FILE = path.resolve(import.meta.dirname, "..", ".dev.vars");
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

function code() {
  const s = Array.from({ length: 15 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${s.slice(0, 5)}-${s.slice(5, 10)}-${s.slice(10)}`;
}

function read() {
  if (!existsSync(FILE)) return {};
  return Object.fromEntries(
    readFileSync(FILE, "utf8")
      .split("\n")
      .map((l) => /^([A-Z_]+)\s*=\s*"?([^"]*)"?\s*$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

const vars = read();
const missing = [];
if (!vars.ADMIN_CODE) missing.push(["ADMIN_CODE", code()]);
if (!vars.SESSION_SECRET) missing.push(["SESSION_SECRET", randomBytes(32).toString("hex")]);
if (!vars.VAPID_PUBLIC_KEY || !vars.VAPID_PRIVATE_KEY) {
  const keys = await vapidKeys();
  missing.push(["VAPID_PUBLIC_KEY", keys.publicKey], ["VAPID_PRIVATE_KEY", keys.privateKey]);
}
// Local only: a push-service stand-in on http://127.0.0.1 may subscribe (off in wrangler.jsonc).
if (!vars.PUSH_ALLOW_LOOPBACK) missing.push(["PUSH_ALLOW_LOOPBACK", "true"]);
if (missing.length) {
  const lines = missing.map(([k, v]) => `${k}="${v}"`).join("\n");
  const head = existsSync(FILE)
    ? readFileSync(FILE, "utf8").replace(/\n?$/, "\n")
    : "# Local secrets for wrangler dev; never commit.\n";
  writeFileSync(FILE, `${head}${lines}\n`, { mode: 0o600 });
  for (const [k, v] of missing) vars[k] = v;
  console.log(`Wrote ${missing.map(([k]) => k).join(", ")} to .dev.vars (git-ignored).`);
}
console.log(`
  Local sign-in: open http://127.0.0.1:8787, choose "Demo hub", and use the
  supervisor code ${vars.ADMIN_CODE} (the operator's ADMIN_CODE, in .dev.vars).
  Crew and wall codes are made from the app: Access codes, on the supervisor's screen.
`);
