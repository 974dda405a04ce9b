import { createApiClient } from './client';
import { createMemoryStorage, createTokenStore } from './token-store';

function sessionStorageOrMemory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    // Reading the property throws when storage is disabled (sandboxed frames, strict privacy).
    return window.sessionStorage;
  } catch {
    return createMemoryStorage();
  }
}

export const tokenStore = createTokenStore(sessionStorageOrMemory());

const expiredListeners = new Set<() => void>();

/** Lets the auth provider react to a 401 from any call, wherever it was made. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** The one API client every face and module shares. */
export const api = createApiClient({
  tokenStore,
  onUnauthorized: () => {
    for (const listener of expiredListeners) listener();
  },
});
