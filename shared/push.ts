import { LANGS } from "./domain/alert-words";
import { z } from "./zod";

/* Web Push subscriptions on the wire: what a device posts, and what a supervisor may read back. */

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * The browser's `PushSubscription.toJSON()`, with the device's time zone and language, so a push reads in its
 * clock and its words (a device posts it again when its language changes).
 */
export const PushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ message: "endpoint must be a URL" }).check(z.maxLength(1000, "endpoint is longer than 1000")),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.strictObject({
    // An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url.
    p256dh: z.string().check(z.regex(B64URL, "p256dh must be base64url"), z.minLength(86), z.maxLength(88)),
    auth: z.string().check(z.regex(B64URL, "auth must be base64url"), z.minLength(22), z.maxLength(24)),
  }),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  lang: z.optional(z.enum(LANGS)),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionSchema>;

export const PushUnsubscribeSchema = z.strictObject({ endpoint: z.string().check(z.minLength(1), z.maxLength(1000)) });

/** Why an endpoint is refused: push services are `https:`; loopback `http:` only where the host allows it. */
export function endpointRefusal(endpoint: string, allowLoopback: boolean): string | null {
  const url = new URL(endpoint);
  if (url.protocol === "https:") return null;
  if (allowLoopback && url.protocol === "http:" && url.hostname === "127.0.0.1") return null;
  return "a push endpoint must be https:";
}

/** A subscription as a supervisor sees it: never its keys, nor the endpoint (a capability URL). */
export interface PushDevice {
  person: string;
  role: string;
  /** The push service's host (fcm.googleapis.com, updates.push.services.mozilla.com...). */
  service: string;
  createdAt: string;
  lastSuccessAt: string | null;
}

/** What a push carries to the service worker. */
export interface PushPayload {
  title: string;
  body: string;
  /** Where a click opens: the car on the board, or the door on the door board. */
  url: string;
  /** The alert's key: a newer push of the same alert replaces the notification. */
  tag: string;
}
