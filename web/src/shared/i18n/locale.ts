export type Locale = 'zh-CN' | 'en-US';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Key under which the chosen UI language survives reloads and new tabs. */
export const LOCALE_STORAGE_KEY = 'onecity.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US';
}

/**
 * Chinese is the default for everyone; only an explicit earlier choice switches to English.
 * Storage can be missing or throw (private mode, disabled cookies), which must not break the UI.
 */
export function readStoredLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale {
  try {
    const stored = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function storeLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembering the language is an inconvenience, not an error worth showing.
  }
}
