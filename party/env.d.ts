// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them.
declare namespace Cloudflare {
  interface Env {
    /** Operator secret for creating facilities (a `wrangler secret` in production). */
    ADMIN_CODE?: string;
    /** How long audit rows wait in the outbox before a flush to D1 (default 250 ms). */
    AUDIT_FLUSH_DELAY_MS?: string;
  }
}
