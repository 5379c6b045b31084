import { ErrorCode, PushSubscriptionSchema, PushUnsubscribeSchema, atLeast, type SessionClaims } from "../../shared";
import type { PushDevices } from "../room/push-devices";
import { errorResponse, failureResponse, json, readBody } from "./respond";

const NOT_SET_UP = "push is not set up on this hub (no VAPID key)";

/** POST, DELETE and GET /push-subscriptions: devices that get alerts when nobody is looking at the screen. */
export async function pushSubscriptions(
  devices: PushDevices | null,
  req: Request,
  who: SessionClaims,
): Promise<Response> {
  if (!devices) return errorResponse(ErrorCode.Unavailable, NOT_SET_UP);
  switch (req.method) {
    case "POST": {
      // A wall screen has nobody to notify.
      if (!atLeast(who.role, "crew")) return errorResponse(ErrorCode.Forbidden, "a wall screen does not get pushes");
      const body = await readBody(req, PushSubscriptionSchema);
      if (!body.ok) return failureResponse(body);
      const saved = devices.subscribe(body.value, who);
      if (!saved.ok) return errorResponse(saved.code, saved.message);
      return json({ endpoint: body.value.endpoint }, 201);
    }
    case "DELETE": {
      const body = await readBody(req, PushUnsubscribeSchema);
      if (!body.ok) return failureResponse(body);
      return json({ removed: devices.unsubscribe(body.value.endpoint) });
    }
    case "GET":
      if (!atLeast(who.role, "supervisor")) {
        return errorResponse(
          ErrorCode.Forbidden,
          `the device list needs the supervisor role; this session is ${who.role}`,
        );
      }
      return json({ devices: devices.list() });
  }
  return errorResponse(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on /push-subscriptions`);
}
