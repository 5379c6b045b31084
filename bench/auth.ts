// npm run bench:auth: what the doors cost. Sign-in (PBKDF2 over the facility's codes, then an
// HMAC signature), and a read with a session (HMAC check in the Worker, revocation and rate check
// in the hub) against the same read's cost path without either (GET /api/health, Worker only).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startDevServer } from "../scripts/dev-server";
import { signInToken } from "../scripts/hub-http";
import { summarize } from "./stats";

const N = Number(process.env.BENCH_AUTH_N ?? 200);
const server = await startDevServer({ config: "wrangler.jsonc", port: 8843 });
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
try {
  const codes = await server.keys.codes();
  const token = await server.keys.token("crew", "bench");
  const get = (p: string, auth = true) =>
    fetch(`${server.url}${p}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {}).then((r) =>
      r.arrayBuffer(),
    );
  for (let i = 0; i < 20; i++) await Promise.all([get("/api/health", false), get("/api/facilities/demo/state")]);

  const signIn: number[] = [];
  for (let i = 0; i < 30; i++) signIn.push(await time(() => signInToken(server.url, "demo", codes.crew, `b${i}`)));
  const wrong: number[] = [];
  for (let i = 0; i < 10; i++)
    wrong.push(
      await time(() =>
        fetch(`${server.url}/api/session`, {
          method: "POST",
          body: JSON.stringify({ facility: "demo", code: "WRONG", name: "x" }),
        }),
      ),
    );
  const health: number[] = [];
  const state: number[] = [];
  for (let i = 0; i < N; i++) {
    health.push(await time(() => get("/api/health", false)));
    // 304: the hub's work is the session and rate checks, not the snapshot.
    state.push(
      await time(() =>
        fetch(`${server.url}/api/facilities/demo/state`, {
          headers: { authorization: `Bearer ${token}`, "if-none-match": "*" },
        }).then((r) => r.arrayBuffer()),
      ),
    );
  }
  const results = {
    date: new Date().toISOString(),
    signInMs: summarize(signIn),
    wrongCodeMs: summarize(wrong),
    healthNoAuthMs: summarize(health),
    stateWithSessionMs: summarize(state),
  };
  console.log(`sign-in (3 codes stored, PBKDF2 x3 + HMAC): p50 ${results.signInMs.p50} p95 ${results.signInMs.p95} ms`);
  console.log(`wrong code: p50 ${results.wrongCodeMs.p50} ms`);
  console.log(
    `GET /api/health (Worker, no session): p50 ${results.healthNoAuthMs.p50} p95 ${results.healthNoAuthMs.p95} ms`,
  );
  console.log(
    `GET state with a session (Worker HMAC + hub checks, 304): p50 ${results.stateWithSessionMs.p50} p95 ${results.stateWithSessionMs.p95} ms`,
  );
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "auth.json"), JSON.stringify(results, null, 2));
} finally {
  await server.stop();
}
