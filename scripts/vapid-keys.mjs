// A VAPID key pair (RFC 8292) made with Web Crypto: the public key as the uncompressed P-256 point and the
// private key as its scalar `d`, both base64url, the form push libraries and `applicationServerKey` take.
import { Buffer } from "node:buffer";
import { webcrypto } from "node:crypto";

export async function vapidKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey("raw", pair.publicKey));
  const jwk = await webcrypto.subtle.exportKey("jwk", pair.privateKey);
  return { publicKey: Buffer.from(raw).toString("base64url"), privateKey: jwk.d };
}
