import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

describe('TokenBuckets', () => {
  it('lets a device burst, then throttles it to its rate, without affecting others', () => {
    const buckets = new TokenBuckets(10, 20);
    const t0 = 1_000_000;
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (buckets.take('flood', t0)) allowed += 1;
    expect(allowed).toBe(20);
    expect(buckets.take('quiet', t0)).toBe(true);
    // One second later ten more are allowed.
    let later = 0;
    for (let i = 0; i < 100; i++) if (buckets.take('flood', t0 + 1000)) later += 1;
    expect(later).toBe(10);
  });
});
