import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CloseCode, PROTOCOL_VERSION, type Mutation } from "../../shared";
import { newClaims, signSession } from "../../party/auth/session-token";
import { BASE, TestSocket, api, codesFor, createFacility, signIn, tokenFor, update, uuid } from "./helpers";

const seqOf = async (facility = "demo") =>
  ((await (await api(`/api/facilities/${facility}/state`)).json()) as { seq: number }).seq;

const post = (facility: string, mutation: unknown, as: string | null) =>
  api(`/api/facilities/${facility}/mutations`, { method: "POST", json: mutation, as });

const supervisorOnly = (): Mutation[] => [
  { type: "car.remove", mutationId: uuid(), carId: "128414" },
  { type: "fleet.reset", mutationId: uuid() },
  { type: "fleet.import", mutationId: uuid(), cars: [{ id: "IMP-1" }] },
  { type: "shift.start", mutationId: uuid() },
  { type: "facility.setLocations", mutationId: uuid(), locations: ["Yard"] },
];

describe("roles", () => {
  it("display reads and changes nothing, over WebSocket and HTTP", async () => {
    const as = await tokenFor("demo", "display", "wall");
    const before = await seqOf();
    const s = await TestSocket.open({ role: "display", name: "wall" });
    expect((await s.next("snapshot")).seq).toBe(before);
    for (const m of [
      update("128414", { late: true }),
      { type: "car.add", mutationId: uuid(), carId: "D-1" } as const,
    ]) {
      s.mutate(m);
      expect(await s.next("reject", (r) => r.mutationId === m.mutationId)).toMatchObject({ code: "forbidden" });
      const res = await post("demo", { ...m, mutationId: uuid() }, as);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "forbidden", error: expect.stringContaining("crew") });
    }
    expect((await api("/api/facilities/demo/state", { as })).status).toBe(200);
    expect((await api(`/api/facilities/demo/changes?since=${before}`, { as })).status).toBe(200);
    for (const path of ["/audit", "/shifts", "/shifts/1", "/codes"]) {
      expect((await api(`/api/facilities/demo${path}`, { as })).status, path).toBe(403);
    }
    expect(await seqOf()).toBe(before);
    s.close();
  });

  it("crew adds cars and changes status, location and notes, and nothing a supervisor does", async () => {
    const as = await tokenFor("demo", "crew", "casey");
    const s = await TestSocket.open({ role: "crew", name: "casey" });
    await s.next("snapshot");
    const add = { type: "car.add", mutationId: uuid(), carId: "CREW-1" } as const;
    s.mutate(add);
    expect(await s.next("ack", (a) => a.mutationId === add.mutationId)).toBeTruthy();
    const change = update("CREW-1", { arrived: true, location: "100", notes: "dent" });
    expect((await post("demo", change, as)).status).toBe(200);
    const before = await seqOf();
    for (const m of supervisorOnly()) {
      s.mutate(m);
      expect(await s.next("reject", (r) => r.mutationId === m.mutationId), m.type).toMatchObject({ code: "forbidden" });
      expect((await post("demo", { ...m, mutationId: uuid() }, as)).status, m.type).toBe(403);
    }
    for (const path of ["/audit", "/shifts", "/codes"]) {
      expect((await api(`/api/facilities/demo${path}`, { as })).status, path).toBe(403);
    }
    expect(await seqOf()).toBe(before);
    s.close();
  });

  it("supervisor does all of it, and the audit names the session, never the client", async () => {
    const s = await TestSocket.open({ name: "sam" });
    await s.next("snapshot");
    for (const m of supervisorOnly().filter((m) => m.type !== "facility.setLocations")) {
      s.mutate(m);
      expect(await s.next("ack", (a) => a.mutationId === m.mutationId), m.type).toBeTruthy();
    }
    const diff = await s.next("diff", (d) => d.by.name === "sam");
    expect(diff.by).toEqual({ name: "sam", role: "supervisor" });
    const audit = (await (await api("/api/facilities/demo/audit?carId=128414&limit=5")).json()) as {
      entries: { actor: string; actorRole: string; action: string }[];
    };
    expect(audit.entries[0]).toMatchObject({ actor: "sam", actorRole: "supervisor", action: "car.remove" });
    expect((await api("/api/facilities/demo/codes")).status).toBe(200);
    s.close();
  });
});

describe("sessions", () => {
  it("refuses no session, an expired one, a tampered one and another facility's", async () => {
    await createFacility("east");
    const secret = env.SESSION_SECRET!;
    const expired = await signSession({ ...newClaims("demo", "supervisor", "old", 0), exp: Date.now() - 1000 }, secret);
    const good = await tokenFor("demo", "crew", "tam");
    const [body, sig] = good.split(".") as [string, string];
    const flipped = `${body}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    // Same signature, claims rewritten to supervisor: the signature no longer matches.
    const claims = JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const promoted = `${btoa(JSON.stringify({ ...claims, role: "supervisor" })).replace(/=+$/, "")}.${sig}`;
    const forgedKey = await signSession(
      newClaims("demo", "supervisor", "eve", 1),
      "a-different-secret-of-enough-length!!",
    );
    const east = await tokenFor("east", "supervisor");
    const cases: [string | null, number, string][] = [
      [null, 401, "sign in"],
      [expired, 401, "expired"],
      [flipped, 401, "signature"],
      [promoted, 401, "signature"],
      [forgedKey, 401, "signature"],
      ["not-a-token", 401, "malformed"],
      [east, 403, "east"],
    ];
    for (const [as, status, mention] of cases) {
      for (const path of ["/state", "/changes?since=0", "/audit"]) {
        const res = await api(`/api/facilities/demo${path}`, { as });
        expect(res.status, `${mention} ${path}`).toBe(status);
        expect(JSON.stringify(await res.json())).toContain(mention);
      }
      const m = update("128421", { late: true });
      expect((await post("demo", m, as)).status).toBe(status);
      const s = await TestSocket.open({ token: as });
      const err = await s.next("error");
      expect(err.code).toBe(status === 401 ? "unauthorized" : "forbidden");
      expect((await s.waitClosed()).code).toBe(status === 401 ? CloseCode.Unauthorized : CloseCode.Forbidden);
    }
    // The cookie works as well as the Bearer token.
    const byCookie = await SELF.fetch(`${BASE}/api/facilities/demo/state`, {
      headers: { cookie: `ct_session=${good}` },
    });
    expect(byCookie.status).toBe(200);
  });

  it("signs in with a cookie (HttpOnly, SameSite=Strict, Secure off loopback only), says who, and signs out", async () => {
    const { crew } = await codesFor("demo");
    const bad = await signIn("demo", "WRONG-CODE", "x");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: "unauthorized", error: expect.any(String) });
    const malformed = await SELF.fetch(`${BASE}/api/session`, { method: "POST", body: "{nope" });
    expect(malformed.status).toBe(400);
    const noName = await SELF.fetch(`${BASE}/api/session`, {
      method: "POST",
      body: JSON.stringify({ facility: "demo", code: crew, name: " " }),
    });
    expect(await noName.json()).toMatchObject({ code: "invalid_message", error: expect.stringContaining("name") });

    const res = await SELF.fetch("http://127.0.0.1/api/session", {
      method: "POST",
      body: JSON.stringify({ facility: "demo", code: crew.toLowerCase().replace(/-/g, " "), name: "Robin" }),
    });
    expect(res.status).toBe(201);
    const info = (await res.json()) as Record<string, unknown>;
    expect(info).toMatchObject({ facility: "demo", role: "crew", name: "Robin" });
    expect(info.token).toBeUndefined();
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^ct_session=[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const offLoopback = await signIn("demo", crew, "Robin");
    expect(offLoopback.headers.get("set-cookie")).toContain("; Secure");

    const jar = { cookie: cookie.split(";")[0]! };
    const me = await SELF.fetch(`${BASE}/api/session`, { headers: jar });
    expect(await me.json()).toMatchObject({ role: "crew", name: "Robin", expiresAt: expect.any(String) });
    const s = await TestSocket.open({ token: null, headers: jar });
    await s.next("snapshot");
    const out = await SELF.fetch(`${BASE}/api/session`, { method: "DELETE", headers: jar });
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await s.next("error")).code).toBe("unauthorized");
    expect((await s.waitClosed()).code).toBe(CloseCode.Unauthorized);
    // The signed-out token is refused even though its signature and expiry are still good.
    expect((await SELF.fetch(`${BASE}/api/facilities/demo/state`, { headers: jar })).status).toBe(401);
    expect((await SELF.fetch(`${BASE}/api/session`, { headers: jar })).status).toBe(401);
  });

  it("a rotated code opens nothing and ends the sessions it opened; the rotating supervisor stays in", async () => {
    await createFacility("rot");
    const codes = await codesFor("rot");
    const crew = await tokenFor("rot", "crew", "cam");
    const sup = await tokenFor("rot", "supervisor", "sue");
    const s = await TestSocket.open({ facility: "rot", role: "crew", name: "cam" });
    await s.next("snapshot");
    const rotate = (role: string, as: string, code?: string) =>
      api("/api/facilities/rot/codes", { method: "POST", json: { role, ...(code ? { code } : {}) }, as });
    expect((await rotate("crew", crew)).status).toBe(403);
    const res = await rotate("crew", sup);
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string };
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect((await s.next("error")).message).toContain("code was changed");
    expect((await s.waitClosed()).code).toBe(CloseCode.Unauthorized);
    expect((await api("/api/facilities/rot/state", { as: crew })).status).toBe(401);
    expect((await signIn("rot", codes.crew, "cam")).status).toBe(401);
    expect((await signIn("rot", code, "cam")).status).toBe(201);
    // A chosen code may not be another role's, nor short.
    expect((await rotate("display", sup, code)).status).toBe(409);
    expect((await rotate("display", sup, "short")).status).toBe(400);

    const own = await rotate("supervisor", sup, "our own supervisor code");
    expect(own.status).toBe(200);
    const renewed = (await own.json()) as { token?: string; role: string };
    expect(renewed.role).toBe("supervisor");
    expect((await api("/api/facilities/rot/state", { as: sup })).status).toBe(401);
    expect((await api("/api/facilities/rot/state", { as: renewed.token! })).status).toBe(200);
    expect((await signIn("rot", "OUR OWN SUPERVISOR CODE", "sue")).status).toBe(201);
    const statuses = (await (await api("/api/facilities/rot/codes", { as: renewed.token! })).json()) as {
      codes: { role: string; set: boolean; updatedBy: string | null }[];
    };
    expect(statuses.codes.find((c) => c.role === "supervisor")).toMatchObject({ set: true, updatedBy: "sue" });
    expect(JSON.stringify(statuses)).not.toContain(code);

    // Each replacement is in the audit trail as the supervisor's act, without the code itself.
    const audit = (await (await api("/api/facilities/rot/audit?actor=sue", { as: renewed.token! })).json()) as {
      entries: { action: string; carId: string; field: string; newValue: string; actor: string; actorRole: string }[];
    };
    expect(audit.entries.map((e) => [e.action, e.carId, e.field, e.actor, e.actorRole])).toEqual([
      ["access.rotate", "", "supervisor code", "sue", "supervisor"],
      ["access.rotate", "", "crew code", "sue", "supervisor"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(code);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain("our own supervisor code");
  });

  // A socket whose session expires mid-connection: tests/room/room.test.ts, on a clock moved past the expiry.

  it("slows down a guesser with 429 and Retry-After, without locking the building out", async () => {
    await createFacility("guess");
    const codes = await codesFor("guess");
    const mallory = "203.0.113.9";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn("guess", `WRONG-${i}`, "mallory", mallory)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
    const res = await signIn("guess", codes.crew, "mallory", mallory);
    expect(res.status).toBe(429); // even a right code: the answer must not tell a guesser anything
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ code: "rate_limited" });
    // The building's handhelds come from another address: a typo is a 401 and the right code opens.
    expect((await signIn("guess", "TYPO", "robin", "198.51.100.20")).status).toBe(401);
    expect((await signIn("guess", codes.crew, "robin", "198.51.100.20")).status).toBe(201);
    // Rotating through a /64 is one client, not 2^64 of them.
    const v6 = (n: number) => `2001:db8:1:2:${n}::1`;
    for (let i = 0; i < 10; i++) expect((await signIn("guess", `W6-${i}`, "eve", v6(i))).status).toBe(401);
    expect((await signIn("guess", "W6-x", "eve", v6(99))).status).toBe(429);
  });
});

describe("origins and rate limits", () => {
  it("refuses a browser WebSocket or a cookie POST from a foreign origin", async () => {
    const token = await tokenFor("demo", "crew", "o");
    const foreign = await SELF.fetch(`${BASE}/parties/facility/demo?protocol=${PROTOCOL_VERSION}&token=${token}`, {
      headers: { upgrade: "websocket", origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.webSocket).toBeFalsy();
    expect(await foreign.json()).toMatchObject({ code: "forbidden" });
    const own = await TestSocket.open({ role: "crew", name: "o", headers: { origin: BASE } });
    await own.next("snapshot");
    own.close();
    const csrf = await SELF.fetch(`${BASE}/api/facilities/demo/mutations`, {
      method: "POST",
      headers: { origin: "https://evil.example", cookie: `ct_session=${token}`, "content-type": "application/json" },
      body: JSON.stringify(update("128425", { late: true })),
    });
    expect(csrf.status).toBe(403);
  });

  it("limits each session, not the building: 429 with Retry-After over HTTP, an error on a socket that survives", async () => {
    const s = await TestSocket.open({ role: "crew", name: "flood-ws" });
    const { seq } = await s.next("snapshot");
    for (let i = 0; i < 500; i++) s.send({ type: "sync", since: seq });
    const taps = Array.from({ length: 10 }, (_, i) => update("128431", { notes: `after the flood ${i}` }));
    for (const m of taps) s.mutate(m);
    const err = await s.next("error", (e) => e.code === "rate_limited" && e.mutationId !== undefined, 10_000);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    // The same session over HTTP shares the bucket; another handheld behind the same NAT is not slowed down.
    const as = await tokenFor("demo", "crew", "flood-ws");
    const answers = await Promise.all(Array.from({ length: 20 }, () => api("/api/facilities/demo/state", { as })));
    const limited = answers.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    const neighbour = await tokenFor("demo", "crew", "neighbour");
    expect((await api("/api/facilities/demo/state", { as: neighbour })).status).toBe(200);
    // Nothing of a refused tap was applied (sent again after the wait, it is: tests/room/room.test.ts moves the
    // clock); the socket stays open.
    const refused = taps.find((m) => m.mutationId === err.mutationId)!;
    const board = (await (await api("/api/facilities/demo/state", { as: neighbour })).json()) as {
      cars: { id: string; notes: string }[];
    };
    expect(board.cars.find((c) => c.id === "128431")?.notes).not.toBe(
      refused.type === "car.update" ? refused.patch.notes : "",
    );
    expect(s.closed).toBeNull();
    s.close();
  }, 30_000);
});
