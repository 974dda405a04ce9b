import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

describe('TokenBuckets', () => {
  it('lets a device burst, then spaces its messages at its rate, without affecting others', () => {
    const buckets = new TokenBuckets(10, 20);
    const t0 = 1_000_000;
    const waits = Array.from({ length: 25 }, () => buckets.reserve('flood', t0));
    // The burst goes at once; each message after it waits one more tenth of a second.
    expect(waits.slice(0, 20)).toEqual(Array(20).fill(0));
    expect(waits.slice(20)).toEqual([100, 200, 300, 400, 500]);
    expect(buckets.reserve('quiet', t0)).toBe(0);
    // Half a second later five turns have passed: the next message waits behind the rest.
    expect(buckets.reserve('flood', t0 + 500)).toBe(100);
    // Idle long enough, the bucket is full again.
    expect(buckets.reserve('flood', t0 + 10_000)).toBe(0);
  });

  it('refuses a turn further away than the longest wait, without reserving it', () => {
    const buckets = new TokenBuckets(10, 1);
    const t0 = 1_000_000;
    expect(buckets.reserve('flood', t0, 250)).toBe(0);
    expect(buckets.reserve('flood', t0, 250)).toBe(100);
    expect(buckets.reserve('flood', t0, 250)).toBe(200);
    expect(buckets.reserve('flood', t0, 250)).toBeNull();
    expect(buckets.reserve('flood', t0, 250)).toBeNull();
    // The refused ones took nothing: 100 ms on, the next turn is the one after the last kept.
    expect(buckets.reserve('flood', t0 + 100, 250)).toBe(200);
  });
});
