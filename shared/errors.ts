/**
 * The closed error vocabulary shared by the WebSocket and HTTP edges. A client
 * can switch on `code` exhaustively; `message` is for people.
 */
export const ErrorCode = {
  BadJson: "bad_json",
  InvalidMessage: "invalid_message",
  UnknownType: "unknown_type",
  TooLarge: "too_large",
  ProtocolMismatch: "protocol_mismatch",
  UnknownFacility: "unknown_facility",
  NotFound: "not_found",
  AlreadyExists: "already_exists",
  Conflict: "conflict",
  InvalidLocation: "invalid_location",
  LocationInUse: "location_in_use",
  ShiftOpen: "shift_open",
  NoShift: "no_shift",
  InvalidTransition: "invalid_transition",
  DoorOccupied: "door_occupied",
  DoorInUse: "door_in_use",
  Unauthorized: "unauthorized",
  Forbidden: "forbidden",
  RateLimited: "rate_limited",
  MethodNotAllowed: "method_not_allowed",
  Unavailable: "unavailable",
  Internal: "internal",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_json: 400,
  invalid_message: 400,
  unknown_type: 400,
  too_large: 413,
  protocol_mismatch: 400,
  unknown_facility: 404,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  invalid_location: 422,
  location_in_use: 409,
  shift_open: 409,
  no_shift: 409,
  invalid_transition: 409,
  door_occupied: 409,
  door_in_use: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  method_not_allowed: 405,
  unavailable: 503,
  internal: 500,
};

export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code];
}
