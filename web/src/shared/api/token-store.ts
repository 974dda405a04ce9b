/** Holds the bearer token of the signed-in account for the life of the browser tab. */
export interface TokenStore {
  get(): string | null;
  set(token: string, expiresInSeconds: number): void;
  clear(): void;
}

export const TOKEN_STORAGE_KEY = 'onecity.session';

interface StoredSession {
  token: string;
  expiresAt: number;
}

function readSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'token' in parsed &&
      'expiresAt' in parsed &&
      typeof parsed.token === 'string' &&
      typeof parsed.expiresAt === 'number'
    ) {
      return { token: parsed.token, expiresAt: parsed.expiresAt };
    }
  } catch {
    // Fall through: a value we cannot read is treated as no session.
  }
  return null;
}

/**
 * sessionStorage keeps the token per tab and drops it when the tab closes, which is the
 * right lifetime for a staff workstation shared between shifts. The expiry is checked
 * here so a stale token is never sent (the server would answer 401 anyway, but only after
 * the page had started loading data it cannot show).
 */
export function createTokenStore(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  now: () => number = Date.now,
): TokenStore {
  return {
    get() {
      const session = readSession(storage.getItem(TOKEN_STORAGE_KEY));
      if (!session) return null;
      if (session.expiresAt <= now()) {
        storage.removeItem(TOKEN_STORAGE_KEY);
        return null;
      }
      return session.token;
    },
    set(token, expiresInSeconds) {
      const session: StoredSession = { token, expiresAt: now() + expiresInSeconds * 1000 };
      storage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(session));
    },
    clear() {
      storage.removeItem(TOKEN_STORAGE_KEY);
    },
  };
}

/** An in-memory stand-in used where no Web Storage exists (tests, old embedded browsers). */
export function createMemoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}
