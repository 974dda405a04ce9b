import { describe, expect, it } from 'vitest';
import { percentLeft, refreshDelayMs, secondsLeft } from './countdown';

describe('city code countdown', () => {
  const issuedAt = '2026-01-01T00:00:00.000Z';
  const expiresAt = '2026-01-01T00:01:00.000Z';

  it('counts whole seconds down to zero, never below', () => {
    expect(secondsLeft(expiresAt, new Date('2026-01-01T00:00:00.500Z'))).toBe(60);
    expect(secondsLeft(expiresAt, new Date('2026-01-01T00:00:59.100Z'))).toBe(1);
    expect(secondsLeft(expiresAt, new Date('2026-01-01T00:02:00.000Z'))).toBe(0);
  });

  it('refreshes a few seconds before expiry, but not in a busy loop', () => {
    expect(refreshDelayMs(expiresAt, new Date(issuedAt))).toBe(57_000);
    expect(refreshDelayMs(expiresAt, new Date('2026-01-01T00:01:30.000Z'))).toBe(1000);
  });

  it('shows the share of life left', () => {
    expect(percentLeft(issuedAt, expiresAt, new Date('2026-01-01T00:00:30.000Z'))).toBe(50);
    expect(percentLeft(issuedAt, expiresAt, new Date('2026-01-01T00:05:00.000Z'))).toBe(0);
  });
});
