import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";

/*
 * A push service on loopback, speaking what a real one (FCM, Mozilla autopush) does: it takes
 * POST <endpoint> with a VAPID `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292), checks the JWT's ES256
 * signature against that key, and decrypts the aes128gcm body (RFC 8291) with the device's private key and
 * auth secret, as the browser would. Each device can be told to answer 410 (gone), 500 or 429, or never.
 */

export interface ReceivedPush {
  device: string;
  payload: { title: string; body: string; url: string; tag: string };
  ttl: string | undefined;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID key that signed it (base64url). */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
}

interface Device {
  ecdh: ECDH;
  auth: string;
  answer: number | "hang";
}

const b64url = (b: Buffer) => b.toString("base64url");

export class PushService {
  readonly received: ReceivedPush[] = [];
  /** Requests refused by the checks, with why (a test expects none). */
  readonly refused: string[] = [];
  /** Every request, answered or not, per device. */
  readonly hits = new Map<string, number>();
  #server: Server;
  #devices = new Map<string, Device>();
  #waiters: (() => void)[] = [];
  #hanging: (() => void)[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<PushService> {
    let service: PushService | null = null;
    const server = createServer((req, res) => {
      void service!.#handle(req).then(
        (status) => {
          if (status === "hang") return void service!.#hanging.push(() => res.destroy());
          res.writeHead(status).end();
        },
        () => res.writeHead(400).end(),
      );
    });
    service = new PushService(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return service;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** A new device, as `PushManager.subscribe()` would give one: `toJSON()` of its PushSubscription. */
  subscribe(): { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } } {
    const id = b64url(randomBytes(9));
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = b64url(randomBytes(16));
    this.#devices.set(id, { ecdh, auth, answer: 201 });
    return {
      endpoint: `${this.origin}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: b64url(ecdh.getPublicKey()), auth },
    };
  }

  /** What a device's endpoint answers from now on. */
  answer(endpoint: string, status: number | "hang"): void {
    this.#devices.get(endpoint.split("/").pop()!)!.answer = status;
  }

  /** Resolves once `n` pushes in all have been received (bounded by the caller's test timeout). */
  async waitFor(n: number): Promise<ReceivedPush[]> {
    while (this.received.length < n) await new Promise<void>((r) => this.#waiters.push(r));
    return this.received.slice(0, n);
  }

  async stop(): Promise<void> {
    for (const end of this.#hanging) end();
    this.#server.closeAllConnections();
    await new Promise((r) => this.#server.close(r));
  }

  async #handle(req: IncomingMessage): Promise<number | "hang"> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? "")?.[1];
    const device = id ? this.#devices.get(id) : undefined;
    if (!id || !device || req.method !== "POST") return 404;
    this.hits.set(id, (this.hits.get(id) ?? 0) + 1);
    if (device.answer !== 201) return device.answer;
    const checked = this.#check(req, Buffer.concat(chunks), device, id);
    if (typeof checked === "string") {
      this.refused.push(checked);
      return checked.startsWith("vapid") ? 403 : 400;
    }
    this.received.push(checked);
    for (const w of this.#waiters.splice(0)) w();
    return 201;
  }

  #check(req: IncomingMessage, body: Buffer, device: Device, id: string): ReceivedPush | string {
    if (req.headers["content-encoding"] !== "aes128gcm") return `encoding ${req.headers["content-encoding"]}`;
    const auth = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(req.headers.authorization ?? "");
    if (!auth) return `vapid: no vapid authorization (${req.headers.authorization})`;
    const [jwt, key] = [auth[1]!, auth[2]!];
    const [head, claims, sig] = jwt.split(".") as [string, string, string];
    const point = Buffer.from(key, "base64url");
    const publicKey = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
      format: "jwk",
    });
    const signed = Buffer.from(`${head}.${claims}`);
    const ok = verify("sha256", signed, { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(sig, "base64url"));
    if (!ok) return "vapid: the JWT's signature does not verify against k";
    const c = JSON.parse(Buffer.from(claims, "base64url").toString()) as ReceivedPush["claims"];
    const port = (this.#server.address() as AddressInfo).port;
    // The audience is the push service's origin; a loopback stand-in is addressed as its https twin.
    if (c.aud !== `https://127.0.0.1:${port}`) return `vapid: audience ${c.aud}`;
    const now = Date.now() / 1000;
    if (!(c.exp > now && c.exp <= now + 24 * 3600)) return `vapid: exp ${c.exp}`;
    if (!/^(mailto:|https:)/.test(c.sub)) return `vapid: sub ${c.sub}`;
    const plain = decrypt(body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth });
    return {
      device: id,
      payload: JSON.parse(plain.toString("utf8")) as ReceivedPush["payload"],
      ttl: header(req, "ttl"),
      urgency: header(req, "urgency"),
      topic: header(req, "topic"),
      vapidKey: key,
      claims: c,
    };
  }
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
