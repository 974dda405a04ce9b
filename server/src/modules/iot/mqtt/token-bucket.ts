/**
 * Per-device rate limiting: each device may send `ratePerSecond` messages on average with
 * bursts up to `burst`. Past that a message waits its turn instead of being dropped: a
 * flooding device is slowed to its rate (the broker stops reading its connection while its
 * messages wait), the others are not, and nothing a device was told is stored gets lost — a
 * device flushing what it buffered while offline is simply spread out.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 1_000_000,
  ) {}

  /**
   * Reserves the device's next turn: 0 when it may go now, otherwise the milliseconds it has
   * to wait. A turn further away than `maxWaitMs` is not reserved and null is returned (the
   * caller refuses the message).
   */
  reserve(key: string, now = Date.now(), maxWaitMs = Infinity): number | null {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evictIdle(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
      bucket.tokens = Math.min(
        this.burst,
        bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond,
      );
      bucket.at = now;
    }
    // Tokens below one are turns already promised to waiting messages.
    const waitMs =
      bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000);
    if (waitMs > maxWaitMs) return null;
    bucket.tokens -= 1;
    return waitMs;
  }

  private evictIdle(now: number): void {
    // Buckets that refilled completely carry no state worth keeping.
    const full = (this.burst / this.ratePerSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= full) this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
