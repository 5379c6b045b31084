import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, PROTOCOL_VERSION, type Role } from "../../shared";
import { BASE, LEAK, TestSocket, api, codesFor, signIn } from "./helpers";

/** A new session every few runs, so the fuzzing is not all answered by the rate limiter. */
async function freshToken(role: Role, name: string): Promise<string> {
  const res = await signIn("demo", (await codesFor("demo"))[role], name);
  return ((await res.json()) as { token: string }).token;
}

const state = async () => (await (await api("/api/facilities/demo/state")).text()) as string;

/** Header-safe text: printable ASCII. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), headerText);
const anyBody = fc.oneof(
  fc.json(),
  anyText,
  fc.jsonValue().map((v) => JSON.stringify({ type: "car.update", mutationId: "not-a-uuid", carId: v, patch: v })),
  fc.jsonValue().map((v) => JSON.stringify({ facility: "demo", code: v, name: v })),
);
/** A path segment or query value: well encoded, or with broken percent-encoding as a client may send. */
const seg = fc.oneof(
  anyText.map((t) => encodeURIComponent(t)),
  fc.stringMatching(/^(?:%[0-9A-Fa-f]{0,2}|[a-z0-9-])*$/),
);

/** Headers a client may send that only the edge or partyserver should ever set, and some it may set. */
const hostileHeaders = fc.dictionary(
  fc.constantFrom(
    "x-partykit-props",
    "x-partykit-room",
    "x-partykit-namespace",
    "x-partykit-jurisdiction",
    "x-ct-session",
    "cf-connecting-ip",
    "cf-ray",
    "cf-ipcountry",
    "host",
    "x-forwarded-for",
    "content-type",
    "transfer-encoding",
  ),
  headerText,
  { maxKeys: 4 },
);
const hostileQuery = fc.dictionary(fc.constantFrom("_pk", "token", "protocol", "since", "x"), seg, { maxKeys: 3 });
/** How the body travels: whole, streamed in chunks (no length), or a stream that breaks off. */
const bodyShape = fc.constantFrom("whole", "stream", "broken");

function streamOf(text: string, breakOff: boolean): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (breakOff && at >= bytes.length / 2) return c.error(new Error("connection reset by client"));
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, (at += 1024)));
    },
  });
}

/** Every endpoint, each with fuzz in what it reads: body, path segment, query or header. */
const request = fc.oneof(
  fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/api/session"),
    body: anyBody,
    auth: fc.constant("none"),
  }),
  fc.record({ method: fc.constantFrom("GET", "DELETE"), path: fc.constant("/api/session"), bearer: headerText }),
  fc.record({
    method: fc.constant("PUT"),
    path: seg.map((s) => `/api/facilities/${s}`),
    body: anyBody,
    bearer: headerText,
  }),
  fc.record({ method: fc.constant("GET"), path: fc.constant("/api/facilities/demo/state"), etag: headerText }),
  fc.record({ method: fc.constant("GET"), path: seg.map((s) => `/api/facilities/demo/changes?since=${s}`) }),
  fc.record({ method: fc.constant("POST"), path: fc.constant("/api/facilities/demo/mutations"), body: anyBody }),
  fc.record({
    method: fc.constant("GET"),
    path: fc.tuple(seg, seg, seg).map(([a, b, c]) => `/api/facilities/demo/audit?limit=${a}&before=${b}&carId=${c}`),
    auth: fc.constant("supervisor"),
  }),
  fc.record({
    method: fc.constant("GET"),
    path: fc.tuple(seg, seg).map(([a, b]) => `/api/facilities/demo/shifts/${a}?limit=${b}`),
    auth: fc.constant("supervisor"),
  }),
  fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/api/facilities/demo/codes"),
    body: anyBody,
    auth: fc.constant("supervisor"),
  }),
  fc.record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
    path: seg.map((s) => `/api/facilities/demo/${s}`),
    body: anyBody,
  }),
  fc.record({ method: fc.constantFrom("GET", "PUT", "DELETE"), path: seg.map((s) => `/api/cars/${s}`), body: anyBody }),
  fc.record({ method: fc.constant("POST"), path: fc.constantFrom("/api/cars", "/api/shifts"), body: anyBody }),
  fc.record({ method: fc.constant("GET"), path: seg.map((s) => `/api/sync/changes?since=${s}`) }),
  fc.record({
    method: fc.constant("GET"),
    path: seg.map((s) => `/parties/facility/${s}?protocol=${PROTOCOL_VERSION}`),
  }),
);

describe("fuzz: arbitrary input changes nothing and breaks nothing", () => {
  it("every HTTP endpoint answers arbitrary input with a status under 500 and a coded JSON error", async () => {
    const before = await state();
    let tokens = { display: "", supervisor: "" };
    let run = 0;
    const bystander = await freshToken("display", "bystander");
    await fc.assert(
      fc.asyncProperty(request, hostileHeaders, hostileQuery, bodyShape, async (r, extra, query, shape) => {
        if (run++ % 40 === 0) {
          tokens = { display: await freshToken("display", "fuzz"), supervisor: await freshToken("supervisor", "fuzz") };
        }
        const headers = new Headers();
        for (const [k, v] of Object.entries(extra)) {
          try {
            headers.set(k, v);
          } catch {
            // a header the runtime itself will not let anyone send
          }
        }
        const auth = "auth" in r ? r.auth : "display";
        // Writes are fuzzed as display, so even a body that happened to be valid could change nothing.
        if ("bearer" in r) headers.set("authorization", `Bearer ${r.bearer}`);
        else if (auth !== "none") headers.set("authorization", `Bearer ${tokens[auth as "display" | "supervisor"]}`);
        if ("etag" in r) headers.set("if-none-match", r.etag);
        const hasBody = "body" in r && r.method !== "GET";
        const extraQuery = new URLSearchParams(query).toString();
        const path = extraQuery ? `${r.path}${r.path.includes("?") ? "&" : "?"}${extraQuery}` : r.path;
        const body = hasBody ? (shape === "whole" ? r.body : streamOf(r.body, shape === "broken")) : undefined;
        let res: Response;
        try {
          res = await SELF.fetch(`${BASE}${path}`, { method: r.method, headers, ...(body ? { body } : {}) });
        } catch {
          // A body that breaks off may fail the request on our own side; what matters is the next one.
          expect(shape).toBe("broken");
          res = new Response("{}", { headers: { "content-type": "application/json" } });
        }
        const text = await res.text();
        expect(res.status, `${r.method} ${path}`).toBeLessThan(500);
        expect(text, `${r.method} ${path}`).not.toMatch(LEAK);
        if (res.status >= 400) {
          const parsed = JSON.parse(text) as { code: string; error: string };
          expect(ERROR_CODES).toContain(parsed.code);
          expect(parsed.error.length).toBeGreaterThan(0);
        }
        // Whatever that was, the next person's request is served as usual.
        const next = await SELF.fetch(`${BASE}/api/session`, { headers: { authorization: `Bearer ${bystander}` } });
        expect(next.status).toBe(200);
        await next.arrayBuffer();
      }),
      // 200, not 400: a request right after another costs about 0.1 s in vitest-pool-workers (the same with
      // or without the edge changes), and every run now sends two.
      { numRuns: 200 },
    );
    expect(await state()).toBe(before);
  }, 150_000);

  it("the WebSocket answers arbitrary frames with errors or rejects, stays open, and the hub's state is unchanged", async () => {
    const before = await state();
    const frame = fc.oneof(
      anyBody,
      fc.jsonValue().map((v) => JSON.stringify({ type: "mutate", mutation: v })),
      fc.jsonValue().map((v) => JSON.stringify({ type: "sync", since: v })),
      fc.jsonValue().map((v) => JSON.stringify({ type: v })),
    );
    let s: TestSocket | null = null;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 8 }), async (frames) => {
        if (run++ % 30 === 0) {
          s?.close();
          s = await TestSocket.open({ token: await freshToken("display", "fuzz-ws") });
          await s.next("snapshot");
        }
        const socket = s!;
        const seen = socket.raw.length;
        for (const f of frames) socket.sendRaw(f);
        expect(socket.raw.join("\n")).not.toMatch(LEAK);
        // Every frame gets exactly one answer (an error, a reject, or a catch-up for a valid sync).
        await socket.until(() => socket.raw.length - seen >= frames.length).catch(() => undefined);
        expect(socket.raw.length - seen).toBeGreaterThanOrEqual(frames.length);
        expect(socket.closed).toBeNull();
      }),
      { numRuns: 120 },
    );
    s!.close();
    expect(await state()).toBe(before);
    const after = await TestSocket.open();
    expect((await after.next("snapshot")).seq).toBe(JSON.parse(before).seq);
    after.close();
  }, 120_000);
});
