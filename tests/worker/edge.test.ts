import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared";
import { ADMIN_CODE, BASE, LEAK, TestSocket, api, codesFor, signIn, tokenFor, update, uuid } from "./helpers";

/** A request from someone else, right after a hostile one: it must not notice. */
async function othersStillServed(): Promise<void> {
  const res = await api("/api/facilities/demo/mutations", {
    method: "POST",
    json: update("128414", { notes: `still here ${uuid()}` }),
    as: await tokenFor("demo", "crew", "bystander"),
  });
  expect(res.status).toBe(200);
}

async function expectCoded(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(JSON.parse(text)).toMatchObject({ code });
  expect(text).not.toMatch(LEAK);
}

describe("the edge forwards to a hub only what the hub should read", () => {
  it("drops partyserver's internal headers from clients on HTTP and on the upgrade", async () => {
    const hostile: Record<string, string>[] = [
      { "x-partykit-props": "!!" },
      { "x-partykit-props": "{bad" },
      { "x-partykit-room": "someone-else" },
      { "x-partykit-namespace": "facility", "x-partykit-jurisdiction": "eu" },
    ];
    for (const headers of hostile) {
      const state = await api("/api/facilities/demo/state", { headers });
      expect(state.status, JSON.stringify(headers)).toBe(200);
      expect(((await state.json()) as { facility: { id: string } }).facility.id).toBe("demo");
      const post = await api("/api/facilities/demo/mutations", { method: "POST", headers, json: update("128421", {}) });
      expect(post.status).toBeLessThan(500);
      expect(await post.text()).not.toMatch(LEAK);
      const s = await TestSocket.open({ headers });
      expect((await s.next("snapshot")).facility.id).toBe("demo");
      s.close();
    }
    await othersStillServed();
  });

  it("chooses connection ids itself: a client's _pk is neither an error nor shown to others", async () => {
    const watcher = await TestSocket.open({ name: "watcher" });
    await watcher.next("snapshot");
    for (const pk of ["x".repeat(300), "<img src=x onerror=alert(1)>"]) {
      const s = await TestSocket.open({ name: "pk", query: { _pk: pk } });
      await s.next("snapshot");
      const presence = await s.next("presence", (p) => p.users.some((u) => u.name === "pk"));
      expect(presence.users.map((u) => u.id)).not.toContain(pk);
      expect(s.raw.join("\n")).not.toMatch(LEAK);
      s.close();
    }
    expect(watcher.raw.join("\n")).not.toContain("onerror");
    watcher.close();
  });

  it("answers broken percent-encoding with 400 invalid_message, on every path that decodes", async () => {
    for (const [method, path] of [
      ["GET", "/api/facilities/%E0/state"],
      ["GET", "/api/facilities/%E0%A4%A/state"],
      ["PUT", "/api/facilities/%E0"],
      ["GET", "/api/cars/%E0%A4"],
      ["PUT", "/api/cars/%E0%A4"],
      ["DELETE", "/api/cars/%E0%A4"],
      ["GET", "/parties/facility/%E0"],
    ] as const) {
      const res = await api(path, { method, as: await tokenFor("demo") });
      await expectCoded(res, 400, "invalid_message");
    }
  });

  it("takes a session token from the URL only on a WebSocket upgrade", async () => {
    const token = await tokenFor("demo", "supervisor");
    const res = await SELF.fetch(`${BASE}/api/facilities/demo/state?token=${token}`);
    await expectCoded(res, 401, "unauthorized");
    const s = await TestSocket.open({ token });
    await s.next("snapshot");
    s.close();
  });

  it("says nosniff on every API answer, the 304 and errors included", async () => {
    const state = await api("/api/facilities/demo/state");
    const etag = state.headers.get("etag")!;
    const answers = [
      state,
      await api("/api/facilities/demo/changes?since=0"),
      await api("/api/facilities/demo/state", { headers: { "if-none-match": etag } }),
      await api("/api/facilities/demo/nothing"),
      await api("/api/health"),
      await api("/api/cars"),
    ];
    expect(answers[2]!.status).toBe(304);
    for (const res of answers) expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
  });
});

describe("the same input gets the same code on HTTP and on the socket", () => {
  const big = "x".repeat(Math.max(LIMITS.wsFrameBytes, LIMITS.httpBodyBytes) + 1);
  const cases: { name: string; http: string; ws: string; code: string; role?: "crew" }[] = [
    { name: "not JSON", http: "{oops", ws: "{oops", code: "bad_json" },
    {
      name: "unknown mutation type",
      http: JSON.stringify({ type: "teleport", mutationId: uuid() }),
      ws: JSON.stringify({ type: "mutate", mutation: { type: "teleport", mutationId: uuid() } }),
      code: "unknown_type",
    },
    {
      name: "a string where a boolean goes",
      http: JSON.stringify(update("128425", { arrived: "false" })),
      ws: JSON.stringify({ type: "mutate", mutation: update("128425", { arrived: "false" }) }),
      code: "invalid_message",
    },
    {
      name: "a car that is not there",
      http: JSON.stringify({ type: "car.remove", mutationId: uuid(), carId: "NOPE-1" }),
      ws: JSON.stringify({ type: "mutate", mutation: { type: "car.remove", mutationId: uuid(), carId: "NOPE-1" } }),
      code: "not_found",
    },
    {
      name: "a supervisor's mutation from crew",
      http: JSON.stringify({ type: "car.remove", mutationId: uuid(), carId: "128431" }),
      ws: JSON.stringify({ type: "mutate", mutation: { type: "car.remove", mutationId: uuid(), carId: "128431" } }),
      code: "forbidden",
      role: "crew",
    },
    { name: "too large", http: big, ws: big, code: "too_large" },
  ];

  it.each(cases)("$name: $code", async ({ http, ws, code, role }) => {
    const as = await tokenFor("demo", role ?? "supervisor", `same-${role ?? "sup"}`);
    const res = await api("/api/facilities/demo/mutations", { method: "POST", body: http, as });
    const httpBody = (await res.json()) as { code: string };
    expect(httpBody.code).toBe(code);
    const s = await TestSocket.open({ token: as });
    await s.next("snapshot");
    s.sendRaw(ws);
    const answer = await s.next(["error", "reject"]);
    expect(answer.code).toBe(code);
    s.close();
  });
});

describe("names and codes only the hub gives", () => {
  it("refuses names that would pass for the operator or the hub itself", async () => {
    const { crew } = await codesFor("demo");
    for (const name of ["sam (operator)", "Sam(Operator)", "kim  ( OPERATOR )", "system", " SYSTEM "]) {
      await expectCoded(await signIn("demo", crew, name), 400, "invalid_message");
    }
    expect((await signIn("demo", crew, "Sam (night)")).status).toBe(201);
  });

  it("limits wrong operator codes per address, whichever facility they name, without telling a guesser", async () => {
    const guess = (fid: string, code: string, address: string) =>
      SELF.fetch(`${BASE}/api/facilities/${fid}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${code}`, "cf-connecting-ip": address },
        body: JSON.stringify({ name: "Guessed" }),
      });
    for (let i = 0; i < 10; i++)
      await expectCoded(await guess(`guess-${i}`, `wrong-${i}`, "198.51.100.7"), 401, "unauthorized");
    const limited = await guess("guess-x", "wrong-x", "198.51.100.7");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectCoded(limited, 429, "rate_limited");
    // The right code from that address waits too; another address is not held up.
    await expectCoded(await guess("guess-right", ADMIN_CODE, "198.51.100.7"), 429, "rate_limited");
    expect((await guess("guess-other", ADMIN_CODE, "203.0.113.9")).status).toBe(201);
  });
});
