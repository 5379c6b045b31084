/**
 * A token bucket: `burst` requests at once, then `perSecond` on average. Kept in
 * the Durable Object's memory; a hub that wakes from hibernation starts everyone
 * full, which errs on the side of the person tapping.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#at = now;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
  }

  /** Null if allowed (a token is spent), else how many ms until one is free. */
  take(now: number, cost = 1): number | null {
    this.#refill(now);
    if (this.#tokens >= cost) {
      this.#tokens -= cost;
      return null;
    }
    return Math.ceil(((cost - this.#tokens) / this.perSecond) * 1000);
  }

  /** Whether a token is free, without spending it. */
  peek(now: number): number | null {
    this.#refill(now);
    return this.#tokens >= 1 ? null : Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000);
  }

  full(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.burst;
  }
}

/** Buckets by key, dropping full ones now and then so a month of sessions does not pile up in memory. */
export class RateLimiter {
  #buckets = new Map<string, TokenBucket>();
  #sweepAt = 0;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
  ) {}

  /**
   * Per session: room for a handheld replaying 300 offline taps at once, then 30 a second. The env vars
   * exist for benches that measure the hub rather than the limit.
   */
  static perSession(burst?: string | number, perSecond?: string | number): RateLimiter {
    return new RateLimiter(Number(burst) || 300, Number(perSecond) || 30);
  }

  take(key: string, now = Date.now()): number | null {
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket(this.burst, this.perSecond, now)));
    const wait = b.take(now);
    if (now > this.#sweepAt) {
      this.#sweepAt = now + 60_000;
      for (const [k, v] of this.#buckets) if (v.full(now)) this.#buckets.delete(k);
    }
    return wait;
  }

  peek(key: string, now = Date.now()): number | null {
    return this.#buckets.get(key)?.peek(now) ?? null;
  }
}
