/**
 * Access codes are kept only as PBKDF2-SHA256 hashes with a per-code salt.
 * 100,000 iterations is the most Workers' Web Crypto allows.
 */
export const PBKDF2_ITERATIONS = 100_000;

export interface StoredCode {
  salt: string;
  hash: string;
  iterations: number;
}

const enc = new TextEncoder();

const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function derive(code: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", enc.encode(code), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: enc.encode(salt), iterations },
    key,
    256,
  );
  return hex(bits);
}

export async function hashCode(code: string): Promise<StoredCode> {
  const salt = hex(crypto.getRandomValues(new Uint8Array(16)));
  return { salt, hash: await derive(code, salt, PBKDF2_ITERATIONS), iterations: PBKDF2_ITERATIONS };
}

export async function codeMatches(code: string, stored: StoredCode): Promise<boolean> {
  const candidate = enc.encode(await derive(code, stored.salt, stored.iterations));
  const expected = enc.encode(stored.hash);
  return equalBytes(candidate, expected);
}

/**
 * Constant time over equal lengths: every byte is compared whatever the first difference. Plain code rather
 * than workerd's `crypto.subtle.timingSafeEqual`, so the room runs the same in Node.
 */
function equalBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  if (x.byteLength !== y.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < x.byteLength; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** Constant-time comparison through digests, so a secret's length and prefix leak nothing. */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(a)),
    crypto.subtle.digest("SHA-256", enc.encode(b)),
  ]);
  return equalBytes(da, db);
}

// No 0/O, 1/I/L: read off a phone and typed on a handheld glove-first.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** 15 symbols of a 31-letter alphabet, about 74 bits, shown as XXXXX-XXXXX-XXXXX. */
export function generateCode(): string {
  const out: string[] = [];
  // Rejection sampling: 248 is the largest multiple of 31 under 256, so every symbol is equally likely.
  while (out.length < 15) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < 248 && out.length < 15) out.push(ALPHABET[b % 31]!);
    }
  }
  return [out.slice(0, 5), out.slice(5, 10), out.slice(10)].map((g) => g.join("")).join("-");
}

/** Codes are compared as typed, less case, spaces and dashes: "abcde fghij" is "ABCDE-FGHIJ". */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, "");
}
