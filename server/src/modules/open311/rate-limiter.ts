/**
 * Token buckets per API key (or per address for calls without one): `perMinute` requests a
 * minute on average, bursts up to the same number. Buckets live in each API node's memory: a
 * key spread over N nodes gets at most N times its rate, which bounds abuse well enough.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  /** Takes a token; 0 when allowed, else the milliseconds until the next one. */
  take(key: string, perMinute: number, now = Date.now()): number {
    const perMs = perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: perMinute, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
