import { describe, expect, it } from "vitest";
import { ChangesResponseSchema, LIMITS, SnapshotMessageSchema } from "../../shared";
import { TestSocket, api, createFacility, postMutation, signIn, tokenFor, update, uuid } from "./helpers";

describe("HTTP fallback for polling clients", () => {
  it("serves the snapshot with an ETag and answers 304 when nothing changed", async () => {
    const res = await api("/api/facilities/demo/state");
    expect(res.status).toBe(200);
    const etag = res.headers.get("etag")!;
    const snap = SnapshotMessageSchema.parse(await res.json());
    expect(etag).toBe(`"seq-${snap.seq}"`);
    const again = await api("/api/facilities/demo/state", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await postMutation(update("128450", { late: true }));
    const after = await api("/api/facilities/demo/state", { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).toBe(`"seq-${snap.seq + 1}"`);
  });

  it("applies a posted mutation, broadcasts it to sockets and lists it in /changes", async () => {
    const s = await TestSocket.open();
    const { seq } = await s.next("snapshot");
    const m = update("128458", { location: "Shop", notes: "brake light out" });
    const res = await postMutation(m, "demo", "poller");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: "ack", mutationId: m.mutationId, seq: seq + 1, duplicate: false });
    const diff = await s.next("diff", (d) => d.mutationId === m.mutationId);
    expect(diff.by.name).toBe("poller");
    const changes = ChangesResponseSchema.parse(await (await api(`/api/facilities/demo/changes?since=${seq}`)).json());
    expect("diffs" in changes && changes.diffs.map((d) => d.mutationId)).toEqual([m.mutationId]);
    const none = await (await api(`/api/facilities/demo/changes?since=${seq + 1}`)).json();
    expect(none).toEqual({ seq: seq + 1, diffs: [] });
    const ahead = ChangesResponseSchema.parse(
      await (await api(`/api/facilities/demo/changes?since=${seq + 99}`)).json(),
    );
    expect("snapshot" in ahead).toBe(true);
    const dup = await postMutation(m);
    expect(await dup.json()).toMatchObject({ type: "ack", duplicate: true, seq: seq + 1 });
    s.close();
  });

  it("answers a rejected mutation with its code, status and the winning car", async () => {
    const res = await postMutation(update("NOPE", { late: true }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      type: "reject",
      code: "not_found",
      error: expect.stringContaining("NOPE"),
    });
    const add = await postMutation({ type: "car.add", mutationId: uuid(), carId: "128463" });
    expect(add.status).toBe(409);
    expect(await add.json()).toMatchObject({ code: "already_exists", car: { id: "128463" } });
    const loc = await postMutation(update("128463", { location: "Moon" }));
    expect(loc.status).toBe(422);
    expect(await loc.json()).toMatchObject({ code: "invalid_location" });
  });

  it("rejects bad input with a status and a JSON body naming the problem, and changes nothing", async () => {
    const before = await (await api("/api/facilities/demo/state")).text();
    const cases: { body: string; status: number; code: string; mentions?: string }[] = [
      { body: "{not json", status: 400, code: "bad_json" },
      { body: "", status: 400, code: "bad_json" },
      { body: JSON.stringify({ type: "car.explode", mutationId: uuid() }), status: 400, code: "unknown_type" },
      {
        body: JSON.stringify(update("128469", { arrived: "false" })),
        status: 400,
        code: "invalid_message",
        mentions: "patch.arrived",
      },
      { body: JSON.stringify(update("128469", { arrived: 1 })), status: 400, code: "invalid_message" },
      {
        body: JSON.stringify({ ...update("128469", { late: true }), mutationId: "abc" }),
        status: 400,
        code: "invalid_message",
        mentions: "mutationId",
      },
      {
        body: JSON.stringify(update("12 84;69", { late: true })),
        status: 400,
        code: "invalid_message",
        mentions: "carId",
      },
      { body: JSON.stringify(update("128469", {})), status: 400, code: "invalid_message", mentions: "nothing" },
      { body: JSON.stringify(update("128469", { empty: true, arrived: false })), status: 400, code: "invalid_message" },
      {
        body: JSON.stringify(update("128469", { notes: "x".repeat(LIMITS.notesMax + 1) })),
        status: 400,
        code: "invalid_message",
        mentions: "notes",
      },
      { body: JSON.stringify(update("128469", { colour: "red" })), status: 400, code: "invalid_message" },
      { body: "[]", status: 400, code: "invalid_message" },
      { body: "null", status: 400, code: "invalid_message" },
    ];
    for (const c of cases) {
      const res = await api("/api/facilities/demo/mutations", {
        method: "POST",
        body: c.body,
        headers: { "content-type": "application/json" },
      });
      const body = (await res.json()) as { code: string; error: string; issues?: string[] };
      expect({ status: res.status, code: body.code }, c.body.slice(0, 60)).toEqual({ status: c.status, code: c.code });
      expect(body.error.length).toBeGreaterThan(0);
      if (c.mentions) expect(JSON.stringify(body)).toContain(c.mentions);
    }
    const big = await api("/api/facilities/demo/mutations", {
      method: "POST",
      body: JSON.stringify({ ...update("128469", { notes: "x" }), pad: "y".repeat(LIMITS.httpBodyBytes) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "too_large" });
    expect(await (await api("/api/facilities/demo/state")).text()).toBe(before);
  });

  it("names unknown facilities, bad facility ids, endpoints, methods and parameters", async () => {
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ code, error: expect.any(String) });
    };
    // A session opens its own facility only; sign-in to one that does not exist names it.
    await expectError(await api("/api/facilities/nowhere/state", { as: await tokenFor("demo") }), 403, "forbidden");
    await expectError(await signIn("nowhere", "test-admin-code", "x"), 404, "unknown_facility");
    await expectError(await api("/api/facilities/Bad_Id!/state"), 400, "invalid_message");
    await expectError(await api("/api/facilities/demo/teleport"), 404, "not_found");
    await expectError(await api("/api/facilities/demo/state", { method: "DELETE" }), 405, "method_not_allowed");
    await expectError(await api("/api/facilities/demo/changes?since=-1"), 400, "invalid_message");
    await expectError(await api("/api/facilities/demo/changes?since=abc"), 400, "invalid_message");
    await expectError(await api("/api/facilities/demo/changes"), 400, "invalid_message");
    await expectError(await api("/api/facilities/demo/audit?limit=0"), 400, "invalid_message");
    await expectError(await api("/api/nothing-here"), 404, "not_found");
    await expectError(await api("/parties/facility/UPPER"), 400, "invalid_message");
  });

  it("creates facilities only with the admin code", async () => {
    const put = (auth: string | null, json: unknown = { name: "South" }) =>
      api("/api/facilities/south", { method: "PUT", json, ...(auth ? { headers: { authorization: auth } } : {}) });
    expect((await put(null)).status).toBe(401);
    expect((await put("Bearer wrong")).status).toBe(401);
    expect((await put("Bearer test-admin-code", { name: "" })).status).toBe(400);
    expect((await put("Bearer test-admin-code", { name: "South", locations: ["A", "A"] })).status).toBe(400);
    await createFacility("south");
    expect((await put("Bearer test-admin-code")).status).toBe(409);
    const list = (await (await api("/api/facilities")).json()) as { facilities: { id: string; name: string }[] };
    // The demo facility is listed even though nothing has flushed it to D1 yet (a newcomer's first page).
    expect(list.facilities).toContainEqual({ id: "demo", name: "Demo hub" });
  });

  it("ignores a session header sent by a client", async () => {
    const s = await TestSocket.open();
    await s.next("snapshot");
    const forged = JSON.stringify({
      v: 1,
      sid: "forged-session-id-123",
      facility: "demo",
      role: "supervisor",
      name: "boss",
      gen: 1,
      exp: Date.now() + 60_000,
    });
    const anonymous = await api("/api/facilities/demo/state", { as: null, headers: { "x-ct-session": forged } });
    expect(anonymous.status).toBe(401);
    const m = update("128470", { late: true });
    const res = await api("/api/facilities/demo/mutations", {
      method: "POST",
      json: m,
      as: await tokenFor("demo", "crew", "casey"),
      headers: { "x-ct-session": forged },
    });
    expect(res.status).toBe(200);
    const diff = await s.next("diff", (d) => d.mutationId === m.mutationId);
    expect(diff.by).toEqual({ name: "casey", role: "crew" });
    s.close();
  });
});
