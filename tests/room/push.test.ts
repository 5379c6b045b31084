import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webPushSender } from "../../party/push/web-push-sender";
import { MemoryPushStore } from "../../party/store/memory-push-store";
import { vapidKeys } from "../../scripts/vapid-keys.mjs";
import { PushService } from "../support/push-service";
import { newRoom, update } from "./harness";
import { FLUSH_DELAY_MS } from "../../party/room/jobs";

const MIN = 60_000;
let service: PushService;
let vapid: { publicKey: string; privateKey: string };

beforeAll(async () => {
  service = await PushService.start();
  vapid = await vapidKeys();
});
afterAll(() => service.stop());

/** A room over the in-memory stores that pushes through the real Web Push library to the stand-in. */
async function pushingRoom() {
  const store = new MemoryPushStore();
  const sender = webPushSender({ ...vapid, subject: "mailto:ops@example.com" });
  const t = newRoom({ push: { store, sender, allowLoopback: true } });
  await t.clock.advance(1000);
  const sam = t.claims("supervisor", "sam");
  const kim = t.claims("crew", "kim");
  const subscribe = async (who = sam, timeZone = "America/Chicago", more: { lang?: string } = {}) => {
    const sub = service.subscribe();
    const res = await t.http("/push-subscriptions", who, { method: "POST", body: { ...sub, timeZone, ...more } });
    expect(res.status).toBe(201);
    return sub;
  };
  /** Moves the clock, then waits for every push the rings started to have its answer written. */
  const advance = async (ms: number) => {
    await t.clock.advance(ms);
    await t.room.pushDevices!.job.idle();
  };
  /** 128414 arrives now and is still full 45 minutes later: one alert. */
  const raiseAlert = async (car = "128414") => {
    t.room.mutate(update(car, { arrived: true }), kim);
    await advance(45 * MIN);
  };
  return { t, store, sam, kim, subscribe, raiseAlert, advance };
}

describe("Web Push of new alerts, through a push service on loopback", () => {
  it("delivers each new alert, VAPID-signed and aes128gcm-encrypted, in the device's own clock", async () => {
    const { t, subscribe, raiseAlert, store } = await pushingRoom();
    const sub = await subscribe();
    const before = service.received.length;
    await raiseAlert();
    const [push] = (await service.waitFor(before + 1)).slice(before);
    expect(service.refused).toEqual([]);
    expect(push!.vapidKey).toBe(vapid.publicKey);
    expect(push!.payload).toMatchObject({ title: "Demo hub", url: "/f/node?car=128414", tag: "notEmpty:128414" });
    // The room's clock starts at 20:00 UTC: 14:00 in Chicago.
    expect(push!.payload.body).toBe("Car 128414 arrived at 14:00 and is not empty");
    expect(push).toMatchObject({ ttl: "3600", urgency: "high", topic: "notEmpty-128414" });
    expect(push!.claims.sub).toBe("mailto:ops@example.com");
    const device = store.listSubscriptions().find((s) => s.endpoint === sub.endpoint)!;
    expect(device.lastSuccessAt).toBe(new Date(t.clock.now()).toISOString());
    // The figures of a raised alert changing, or an acknowledgement, push nothing more.
    t.room.mutate(
      { type: "alert.ack", mutationId: crypto.randomUUID(), key: "notEmpty:128414" },
      t.claims("supervisor", "sam"),
    );
    await t.clock.advance(MIN);
    expect(service.received.length).toBe(before + 1);
  });

  it("writes each device's push in its language, and follows the device when it switches", async () => {
    const { t, sam, subscribe, raiseAlert } = await pushingRoom();
    const sub = await subscribe(sam, "America/Mexico_City", { lang: "es" });
    const before = service.received.length;
    await raiseAlert("128414");
    const [spanish] = (await service.waitFor(before + 1)).slice(before);
    // 20:00 UTC is 14:00 in Mexico City.
    expect(spanish!.payload.body).toBe("El vehículo 128414 llegó a las 14:00 y no está vacío");

    // The phone switched to English: it posts the same subscription with its new language.
    const again = await t.http("/push-subscriptions", sam, {
      method: "POST",
      body: { ...sub, timeZone: "America/Mexico_City", lang: "en" },
    });
    expect(again.status).toBe(201);
    await raiseAlert("128489");
    const [english] = (await service.waitFor(before + 2)).slice(before + 1);
    expect(english!.payload.body).toMatch(/^Car 128489 arrived at \d\d:\d\d and is not empty$/);

    const french = await t.http("/push-subscriptions", sam, { method: "POST", body: { ...sub, lang: "fr" } });
    expect(french.status).toBe(400);
    expect(await french.json()).toMatchObject({ code: "invalid_message" });
  });

  it("drops a device its push service says is gone (410), and one that is not found (404)", async () => {
    const { t, store, subscribe, raiseAlert } = await pushingRoom();
    const gone = await subscribe();
    const kept = await subscribe();
    service.answer(gone.endpoint, 410);
    const before = service.received.length;
    await raiseAlert();
    await service.waitFor(before + 1);
    expect(store.listSubscriptions().map((s) => s.endpoint)).toEqual([kept.endpoint]);
    expect(store.nextPushAt()).toBeNull();
    expect(t.room.nextAlarm).not.toBeNull();
  });

  it("tries again with backoff after 500 and 429, then delivers once; gives up after six tries", async () => {
    const { t, store, subscribe, raiseAlert, advance } = await pushingRoom();
    const flaky = await subscribe();
    const dead = await subscribe();
    service.answer(flaky.endpoint, 500);
    service.answer(dead.endpoint, 429);
    const before = service.received.length;
    await raiseAlert();
    const hits = (e: string) => service.hits.get(e.split("/").pop()!);
    expect([hits(flaky.endpoint), hits(dead.endpoint)]).toEqual([1, 1]);
    expect(store.duePushes(Number.MAX_SAFE_INTEGER, 10).map((r) => r.attempts)).toEqual([1, 1]);
    expect(t.room.nextAlarm).toBe(t.clock.now() + 1000);
    service.answer(flaky.endpoint, 201);
    await advance(1000);
    expect((await service.waitFor(before + 1)).at(-1)!.device).toBe(flaky.endpoint.split("/").pop());
    // The dead one: 2, 4, 8, 16 seconds between the next tries, then it is dropped (the device stays subscribed).
    for (const wait of [2000, 4000, 8000, 16000]) {
      expect(t.room.nextAlarm).toBe(t.clock.now() + wait);
      await advance(wait);
    }
    expect([hits(flaky.endpoint), hits(dead.endpoint)]).toEqual([2, 6]);
    expect(store.nextPushAt()).toBeNull();
    expect(store.countSubscriptions()).toBe(2);
    expect(service.received.length).toBe(before + 1);
  });

  it("holds up nothing while a push service never answers: taps, the audit flush and the rules go on", async () => {
    const { t, kim, subscribe } = await pushingRoom();
    const dead = await subscribe();
    service.answer(dead.endpoint, "hang");
    t.room.mutate(update("128414", { arrived: true }), kim);
    await t.clock.advance(45 * MIN); // raised, and its push is on its way to a service that will not answer
    await expect.poll(() => service.hits.get(dead.endpoint.split("/").pop()!)).toBe(1);
    const flushed = t.archive.rows.length;
    expect(t.room.mutate(update("128414", { empty: true }), kim).outcome.type).toBe("ack");
    await t.clock.advance(1000);
    // The next ring flushed the audit and cleared the alert, with the push still hanging.
    expect(t.archive.rows.length).toBeGreaterThan(flushed);
    expect(t.room.hub.snapshot().alerts).toEqual([]);
    await t.clock.advance(FLUSH_DELAY_MS); // the audit flush of the clear
    expect(t.room.nextAlarm).toBeGreaterThan(t.clock.now() + 20_000); // only the push's lease is left
  });

  it("refuses endpoints that are not https (loopback only where allowed), bad keys, and a wall", async () => {
    const { t, sam } = await pushingRoom();
    const sub = service.subscribe();
    const post = (body: unknown, who = sam) => t.http("/push-subscriptions", who, { method: "POST", body });
    const http = { ...sub, endpoint: "http://push.example.com/x" };
    expect(await (await post(http)).json()).toMatchObject({ code: "invalid_message" });
    expect((await post({ ...sub, keys: { ...sub.keys, auth: "short" } })).status).toBe(400);
    expect((await post({ ...sub, extra: 1 })).status).toBe(400);
    expect((await post(sub, t.claims("display", "wall"))).status).toBe(403);
    const strict = newRoom({
      push: { store: new MemoryPushStore(), sender: webPushSender({ ...vapid, subject: "mailto:a@b.c" }) },
    });
    const res = await strict.http("/push-subscriptions", strict.claims("supervisor", "sam"), {
      method: "POST",
      body: sub,
    });
    expect(await res.json()).toMatchObject({ code: "invalid_message", error: "a push endpoint must be https:" });
    // Listed for supervisors without keys or endpoints; crew may subscribe and remove, not list.
    const kim = t.claims("crew", "kim");
    expect((await post(sub, kim)).status).toBe(201);
    expect((await t.http("/push-subscriptions", kim)).status).toBe(403);
    const list = (await (await t.http("/push-subscriptions", sam)).json()) as { devices: object[] };
    expect(list.devices).toEqual([
      {
        person: "kim",
        role: "crew",
        service: new URL(service.origin).host,
        createdAt: expect.any(String),
        lastSuccessAt: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(sub.keys.auth);
    const del = (endpoint: string) => t.http("/push-subscriptions", kim, { method: "DELETE", body: { endpoint } });
    expect(await (await del(sub.endpoint)).json()).toEqual({ removed: true });
    expect(await (await del(sub.endpoint)).json()).toEqual({ removed: false });
  });

  it("answers unavailable where the hub has no VAPID key", async () => {
    const t = newRoom();
    const res = await t.http("/push-subscriptions", t.claims("supervisor", "sam"), { method: "POST", body: {} });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: "unavailable" });
  });
});
