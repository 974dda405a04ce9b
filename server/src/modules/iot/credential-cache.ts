import type { DeviceCredential } from './device.repository.ts';

interface Entry {
  credential: DeviceCredential | null;
  expiresAt: number;
}

/**
 * An LRU map in front of the unique token index: a hit costs one Map lookup, a miss one
 * index probe, whatever the registry's size — nothing loads the registry into memory.
 * Unknown tokens are remembered briefly too, so a flood with a wrong token does not turn
 * into a flood of queries. Entries expire so that a device deleted through another node
 * stops being accepted here within `ttlMs`.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 200_000,
    private readonly ttlMs = 5 * 60_000,
    private readonly negativeTtlMs = 10_000,
  ) {}

  /** The credential, null when the token is known to be unknown, undefined on a miss. */
  get(token: string, now = Date.now()): DeviceCredential | null | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(token);
      return undefined;
    }
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.credential;
  }

  set(token: string, credential: DeviceCredential | null, now = Date.now()): void {
    this.entries.delete(token);
    this.entries.set(token, {
      credential,
      expiresAt: now + (credential ? this.ttlMs : this.negativeTtlMs),
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
