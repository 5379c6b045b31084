import type { z } from "../../shared/zod";
import { SESSION_TTL_MS, SessionClaimsSchema, type Role, type SessionClaims } from "../../shared";

/** The cookie the browser carries; HttpOnly, so no script of ours or anyone's can read it. */
export const SESSION_COOKIE = "ct_session";
/** Shorter secrets are refused: the signature is only as strong as the key. */
export const SESSION_SECRET_MIN = 32;

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function newClaims(facility: string, role: Role, name: string, gen: number, now = Date.now()): SessionClaims {
  const sid = toBase64Url(crypto.getRandomValues(new Uint8Array(18)));
  return { v: 1, sid, facility, role, name, gen, exp: now + SESSION_TTL_MS[role] };
}

/** `base64url(claims JSON) . base64url(HMAC-SHA256 of the first part)`. */
export async function signSession(
  claims: SessionClaims | { exp: number; sid: string },
  secret: string,
): Promise<string> {
  const body = toBase64Url(enc.encode(JSON.stringify(claims)));
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(mac))}`;
}

export type Verified<T> = { ok: true; claims: T } | { ok: false; reason: "malformed" | "signature" | "expired" };
export type VerifyResult = Verified<SessionClaims>;

/** A facility session's token. */
export function verifySession(token: string, secret: string, now = Date.now()): Promise<VerifyResult> {
  return verifyToken(token, secret, SessionClaimsSchema, now);
}

/** Checks the signature (in constant time, by Web Crypto) before reading a byte of the claims. */
export async function verifyToken<T extends { exp: number }>(
  token: string,
  secret: string,
  schema: z.ZodMiniType<T>,
  now = Date.now(),
): Promise<Verified<T>> {
  if (token.length > 1024) return { ok: false, reason: "malformed" };
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return { ok: false, reason: "malformed" };
  const mac = fromBase64Url(sig);
  if (!mac) return { ok: false, reason: "malformed" };
  const good = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, enc.encode(body));
  if (!good) return { ok: false, reason: "signature" };
  const raw = fromBase64Url(body);
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(raw ?? new Uint8Array()));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = schema.safeParse(claims);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (parsed.data.exp <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims: parsed.data };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Secure everywhere but loopback, where `wrangler dev` serves plain HTTP. */
export function sessionCookie(token: string, claims: { exp: number }, url: URL, name = SESSION_COOKIE): string {
  const maxAge = Math.max(0, Math.floor((claims.exp - Date.now()) / 1000));
  return cookie(name, token, maxAge, url);
}

export function clearedSessionCookie(url: URL, name = SESSION_COOKIE): string {
  return cookie(name, "", 0, url);
}

function cookie(name: string, value: string, maxAge: number, url: URL): string {
  const secure = LOOPBACK.has(url.hostname) ? "" : "; Secure";
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * The session token of a request: Bearer header, then cookie, then the `token` query parameter of a WebSocket
 * upgrade (clients that cannot set headers there). Plain HTTP calls never take a token from the URL, where
 * logs, proxies and browser history would keep it.
 */
export function tokenOf(req: Request, upgradeToken: string | null = null, name = SESSION_COOKIE): string | null {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? m[1]! : null;
  }
  const cookies = req.headers.get("cookie");
  if (cookies) {
    for (const part of cookies.split(";")) {
      const [k, ...v] = part.trim().split("=");
      if (k === name && v.length) return v.join("=");
    }
  }
  return upgradeToken;
}
