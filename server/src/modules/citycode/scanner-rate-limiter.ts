/**
 * Per-scanner token buckets: each scanner may scan `ratePerSecond` codes on average with bursts
 * up to `burst` (its own settings, so a metro gate and a clinic desk can differ). Buckets live
 * in the memory of each API node: with N nodes a scanner spread over all of them could reach
 * N times its rate, which bounds a stolen key's damage well enough.
 */
export class ScannerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 1_000_000) {}

  /** Takes a token; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string, ratePerSecond: number, burst: number, now = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / ratePerSecond) * 1000);
  }
}
