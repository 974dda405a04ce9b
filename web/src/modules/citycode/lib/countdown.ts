/** Whole seconds until `expiresAt` (never negative), as the countdown under the QR code shows. */
export function secondsLeft(expiresAt: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now.getTime()) / 1000));
}

/**
 * When to fetch the next code: a few seconds before the current one expires, so the code on
 * screen is never one a scanner would refuse mid-scan (at least a second from now).
 */
export function refreshDelayMs(expiresAt: string, now: Date, marginSeconds = 3): number {
  return Math.max(1000, Date.parse(expiresAt) - now.getTime() - marginSeconds * 1000);
}

/** The share of the code's life that is left, 0–100, for the progress ring. */
export function percentLeft(issuedAt: string, expiresAt: string, now: Date): number {
  const total = Date.parse(expiresAt) - Date.parse(issuedAt);
  if (total <= 0) return 0;
  const left = Date.parse(expiresAt) - now.getTime();
  return Math.min(100, Math.max(0, (left / total) * 100));
}
