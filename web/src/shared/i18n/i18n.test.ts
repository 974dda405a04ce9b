import { describe, expect, it } from 'vitest';
import { interpolate, placeholdersOf } from './format';
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, readStoredLocale, storeLocale } from './locale';
import { en } from './messages-en';
import { zh } from './messages-zh';
import { createTranslator } from './translate';

describe('dictionaries', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.entries(zh)
      .filter(([key, text]) => {
        const english = en[key as keyof typeof en];
        return placeholdersOf(text).join() !== placeholdersOf(english).join();
      })
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('never write "1 times" and the like in English: a plural noun after a bare {count}', () => {
    // The translator has no plural forms, so English counts are phrased to read right for 1.
    const plural = Object.entries(en).filter(([, text]) => /\{count\} [a-z]+s\b/.test(text));
    expect(plural).toEqual([]);
  });

  it('have no empty texts', () => {
    const empty = [...Object.entries(zh), ...Object.entries(en)].filter(([, v]) => !v.trim());
    expect(empty).toEqual([]);
  });
});

describe('translator', () => {
  it('fills placeholders and switches language', () => {
    expect(createTranslator('zh-CN')('portal.welcome', { name: '张三' })).toBe('您好，张三');
    expect(createTranslator('en-US')('portal.welcome', { name: 'Zhang San' })).toBe(
      'Hello, Zhang San',
    );
  });

  it('leaves a missing parameter visible instead of printing "undefined"', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('remembered locale', () => {
  const storageWith = (value: string | null) => ({ getItem: () => value });

  it('defaults to Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
    expect(readStoredLocale(storageWith(null))).toBe('zh-CN');
    expect(readStoredLocale(undefined)).toBe('zh-CN');
  });

  it('restores English when it was chosen, and ignores values it does not know', () => {
    expect(readStoredLocale(storageWith('en-US'))).toBe('en-US');
    expect(readStoredLocale(storageWith('fr-FR'))).toBe('zh-CN');
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readStoredLocale(broken)).toBe('zh-CN');
    expect(() => storeLocale(broken, 'en-US')).not.toThrow();
  });

  it('stores under its own key', () => {
    const saved = new Map<string, string>();
    storeLocale({ setItem: (k, v) => void saved.set(k, v) }, 'en-US');
    expect(saved.get(LOCALE_STORAGE_KEY)).toBe('en-US');
  });
});
