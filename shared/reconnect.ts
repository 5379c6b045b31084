/**
 * How a client retries its socket, one definition for the handheld, the wall and the headless client the storm
 * bench and the fault tests drive, so a storm is measured with the backoff the screens use. The first delay is
 * jittered per client (a hub restart is not met by every handheld in the same millisecond); the delays grow to a
 * ceiling that spares a hub that stays down, and a browser that sees its network come back retries at once.
 */
export const SOCKET_RETRY = {
  firstMs: 300,
  jitterMs: 1200,
  growBy: 1.6,
  maxMs: 15_000,
  connectTimeoutMs: 4_000,
} as const;

/** partysocket's options for one client (its own jitter drawn now). */
export function socketRetryOptions(random: () => number = Math.random) {
  return {
    minReconnectionDelay: SOCKET_RETRY.firstMs + random() * SOCKET_RETRY.jitterMs,
    maxReconnectionDelay: SOCKET_RETRY.maxMs,
    reconnectionDelayGrowFactor: SOCKET_RETRY.growBy,
    connectionTimeout: SOCKET_RETRY.connectTimeoutMs,
  };
}
