import { createMemoryStorage } from '../api/token-store';

/** This tab's sessionStorage, or memory where storage is disabled. */
function sessionStorageOrMemory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return window.sessionStorage;
  } catch {
    return createMemoryStorage();
  }
}

export const tabStorage = sessionStorageOrMemory();
