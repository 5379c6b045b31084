// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them.
declare namespace Cloudflare {
  interface Env {
    /** Operator secret: creates facilities and opens supervisor anywhere (a `wrangler secret` in production). */
    ADMIN_CODE?: string;
    /** HMAC-SHA256 key of session tokens, at least 32 characters (a `wrangler secret` in production). */
    SESSION_SECRET?: string;
    /** Other origins allowed to call the API with credentials, comma-separated; none by default. */
    ALLOWED_ORIGINS?: string;
    /** Per-session token bucket: burst size and refill per second (defaults 300 and 30). */
    RATE_LIMIT_BURST?: string;
    RATE_LIMIT_PER_SEC?: string;
    /** How long audit rows wait in the outbox before a flush to D1 (default 250 ms). */
    AUDIT_FLUSH_DELAY_MS?: string;
    /** How long after a change the alert rules are checked (default 1000 ms; a burst is checked once). */
    ALERT_CHECK_DELAY_MS?: string;
    /** Web Push's VAPID private key (RFC 8292), base64url: a `wrangler secret`; the public key is a var. */
    VAPID_PRIVATE_KEY?: string;
    /** Who push services may contact about our pushes (mailto: or https:). */
    VAPID_SUBJECT?: string;
    /** "off" stops the one JSON log line per request and per change (the test runs' own output). */
    LOG_REQUESTS?: string;
  }
}
