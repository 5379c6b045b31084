import type { Lang } from "../../../shared";
import { z } from "../../../shared/zod";
import { errorOf } from "./hub-error";

/*
 * Alerts on this phone by Web Push: the browser's PushManager with the hub's VAPID key, and the hub's
 * list of devices. The service worker (public/sw.js) shows what arrives.
 */

const VapidKeySchema = z.object({ publicKey: z.string().check(z.minLength(80)) });

export type PushState = "unsupported" | "blocked" | "off" | "on";

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!supported()) return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

/** Whether this device gets alerts now. */
export async function pushState(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  return (await reg.pushManager.getSubscription()) ? "on" : "off";
}

/** The hub's key, or null when it sends no pushes (no VAPID key set). */
export async function vapidKey(): Promise<string | null> {
  const res = await fetch("/api/push/vapid-key").catch(() => null);
  if (!res?.ok) return null;
  const body = VapidKeySchema.safeParse(await res.json().catch(() => null));
  return body.success ? body.data.publicKey : null;
}

/** The language this device last told the hub for its pushes at a building. */
const toldLang = (fid: string) => `ct.push.lang.${fid}`;

/** Tells the hub where to push, in which clock and in which words (the same endpoint again replaces it). */
async function postSubscription(fid: string, sub: PushSubscription, lang: Lang): Promise<Response> {
  const res = await fetch(`/api/facilities/${fid}/push-subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...sub.toJSON(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, lang }),
  });
  // Noted only once the hub has it: a post that failed is tried again on the next open.
  if (res.ok) localStorage.setItem(toldLang(fid), lang);
  return res;
}

/** Asks the browser (a permission prompt the first time), then tells the hub where to push. */
export async function turnPushOn(fid: string, key: string, lang: Lang): Promise<PushState> {
  const reg = await navigator.serviceWorker.ready;
  if ((await Notification.requestPermission()) !== "granted") return "blocked";
  const sub =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
  const res = await postSubscription(fid, sub, lang);
  if (!res.ok) {
    await sub.unsubscribe();
    throw new Error(await errorOf(res));
  }
  return "on";
}

/**
 * A device that gets alerts from this building and now speaks another language tells the hub, so its pushes
 * change words too. Only where it turned alerts on itself (the note is kept from then): opening another
 * building must never subscribe the phone there. Quiet: with no Wi-Fi it tries again on the next open.
 */
export async function pushSpeaks(fid: string, lang: Lang): Promise<void> {
  const told = localStorage.getItem(toldLang(fid));
  if (told === null || told === lang) return;
  const sub = await (await registration())?.pushManager.getSubscription();
  if (!sub) return localStorage.removeItem(toldLang(fid));
  await postSubscription(fid, sub, lang).catch(() => undefined);
}

export async function turnPushOff(fid: string): Promise<PushState> {
  localStorage.removeItem(toldLang(fid));
  const sub = await (await registration())?.pushManager.getSubscription();
  if (!sub) return "off";
  await fetch(`/api/facilities/${fid}/push-subscriptions`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ endpoint: sub.endpoint }),
  }).catch(() => undefined);
  await sub.unsubscribe();
  return "off";
}

const DevicesSchema = z.object({
  devices: z.array(
    z.object({
      person: z.string(),
      role: z.string(),
      service: z.string(),
      createdAt: z.string(),
      lastSuccessAt: z.nullable(z.string()),
    }),
  ),
});
export type PushDeviceRow = z.infer<typeof DevicesSchema>["devices"][number];

/** The devices that get this facility's alerts (supervisors only): who, since when, last delivered. */
export async function listPushDevices(fid: string): Promise<PushDeviceRow[]> {
  const res = await fetch(`/api/facilities/${fid}/push-subscriptions`);
  if (!res.ok) throw new Error(await errorOf(res));
  const body = DevicesSchema.safeParse(await res.json().catch(() => null));
  if (!body.success) throw new Error("unexpected answer from the hub");
  return body.data.devices;
}

/** Whether the browser has never been asked about notifications on this site. */
export function notAskedYet(): boolean {
  return "Notification" in window && Notification.permission === "default";
}
