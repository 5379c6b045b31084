// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them.
declare namespace Cloudflare {
  interface Env {
    /** Operator secret for creating facilities (a `wrangler secret` in production). */
    ADMIN_CODE?: string;
  }
}
