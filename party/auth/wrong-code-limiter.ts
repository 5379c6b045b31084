import { RateLimiter, TokenBucket } from "./rate-limit";

/**
 * Wrong codes from one address: 10 at once, then one each 3 s. One guesser is slowed to a crawl, and cannot
 * lock everyone out: the shared ceiling refills faster than one address may spend it.
 */
const FAILED_PER_CLIENT = { burst: 10, perSecond: 1 / 3 };
/** Wrong codes from every address together: a ceiling on guessing from many machines. */
const FAILED_OVERALL = { burst: 200, perSecond: 2 };

/**
 * Whose wrong codes count together. A building's handhelds share one NAT address, which only slows after a
 * run of typos there; an IPv6 client owns its whole /64, so that is one client.
 */
export function clientKey(address: string): string {
  if (!address.includes(":")) return address;
  return address.split(":").slice(0, 4).join(":");
}

/**
 * Counts wrong codes per client address under an overall ceiling. While either limit holds, even a right
 * code is refused, so the answer tells a guesser nothing. Used for a facility's codes and the operator's.
 */
export class WrongCodeLimiter {
  #overall: TokenBucket;
  #byClient = new RateLimiter(FAILED_PER_CLIENT.burst, FAILED_PER_CLIENT.perSecond);

  constructor(now = Date.now()) {
    this.#overall = new TokenBucket(FAILED_OVERALL.burst, FAILED_OVERALL.perSecond, now);
  }

  /** Null when this client may try a code now, else how many ms to wait. */
  wait(client: string, now = Date.now()): number | null {
    return this.#byClient.peek(clientKey(client), now) ?? this.#overall.peek(now);
  }

  failed(client: string, now = Date.now()): void {
    this.#byClient.take(clientKey(client), now);
    this.#overall.take(now);
  }
}
