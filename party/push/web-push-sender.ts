import { buildPushPayload, type PushMessage, type PushSubscription } from "@block65/webcrypto-web-push";
import type { PushPayload } from "../../shared";
import type { PushSender, PushSubscriptionRecord } from "../room/push";

/** How long a push service may take to answer before the push is tried again later. */
const SEND_TIMEOUT_MS = 8000;
/** Alerts are about tonight: a phone that is off for an hour does not need them. */
const TTL_SECONDS = 3600;

export interface VapidConfig {
  /** The uncompressed P-256 public key, base64url (what `applicationServerKey` takes). */
  publicKey: string;
  /** The private scalar `d`, base64url (the usual VAPID private key). */
  privateKey: string;
  /** `mailto:` or `https:` contact for push services. */
  subject: string;
}

/**
 * Web Push (RFC 8030) with an aes128gcm body (RFC 8291) and a VAPID signature (RFC 8292), built by
 * @block65/webcrypto-web-push over Web Crypto. The library takes https endpoints only; a loopback http
 * endpoint (allowed in development for a push-service stand-in) is built as its https twin, so the VAPID
 * audience names the https origin, and then sent over http.
 */
export function webPushSender(vapid: VapidConfig, send: typeof fetch = fetch): PushSender {
  // Each push costs an ECDH, a key derivation, an encryption and a signature; built one at a time with a turn
  // of the event loop between them, taps that arrive meanwhile are applied between two pushes, not after fifty.
  let built: Promise<unknown> = Promise.resolve();
  const build = (subscription: PushSubscription, message: PushMessage) => {
    const next = built.then(async () => {
      await new Promise((r) => setTimeout(r, 0));
      return buildPushPayload(message, subscription, vapid);
    });
    built = next.catch(() => undefined);
    return next;
  };
  return {
    async send(to: Pick<PushSubscriptionRecord, "endpoint" | "p256dh" | "auth">, payload: PushPayload) {
      const url = new URL(to.endpoint);
      if (url.protocol === "http:") url.protocol = "https:";
      const subscription = {
        endpoint: url.toString(),
        expirationTime: null,
        keys: { p256dh: to.p256dh, auth: to.auth },
      };
      const options = { ttl: TTL_SECONDS, urgency: "high", topic: topicOf(payload.tag) } as const;
      const req = await build(subscription, { data: { ...payload }, options });
      try {
        const res = await send(to.endpoint, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        await res.body?.cancel();
        const retryAfter = Number(res.headers.get("retry-after") ?? NaN);
        return { status: res.status, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : null };
      } catch {
        return { status: 0, retryAfterMs: null };
      }
    },
  };
}

/** A Topic is at most 32 base64url characters: a newer push of the same alert replaces an undelivered one. */
function topicOf(tag: string): string {
  return tag.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 32);
}
