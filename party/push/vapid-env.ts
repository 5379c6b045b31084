import { drizzle } from "drizzle-orm/durable-sqlite";
import type { PushDeps } from "../room/push-devices";
import * as schema from "../store/do-schema";
import { DoPushStore } from "../store/do-push-store";
import { webPushSender, type VapidConfig } from "./web-push-sender";

const DEFAULT_SUBJECT = "mailto:operator@car-tracker.invalid";

/** The VAPID keys from the environment; null (push off) unless both are set. */
export function vapidOf(env: Env): VapidConfig | null {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return null;
  return {
    publicKey: env.VAPID_PUBLIC_KEY,
    privateKey: env.VAPID_PRIVATE_KEY,
    subject: env.VAPID_SUBJECT || DEFAULT_SUBJECT,
  };
}

/** Web Push for one facility's Durable Object, or undefined when the hub has no VAPID key. */
export function pushOf(env: Env, storage: DurableObjectStorage): PushDeps | undefined {
  const vapid = vapidOf(env);
  if (!vapid) return undefined;
  try {
    return {
      store: new DoPushStore(drizzle(storage, { schema })),
      sender: webPushSender(vapid),
      // Typed as wrangler.jsonc's "false"; .dev.vars and test servers set "true".
      allowLoopback: String(env.PUSH_ALLOW_LOOPBACK) === "true",
    };
  } catch (err) {
    // A malformed key turns push off, never the facility.
    console.error("push is off: the VAPID key is not usable", String(err));
    return undefined;
  }
}
