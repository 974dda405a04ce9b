import { interpolate, type MessageParams } from './format';
import type { Locale } from './locale';
import { en } from './messages-en';
import { zh, type MessageKey } from './messages-zh';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const dictionaries: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zh,
  'en-US': en,
};

export function createTranslator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params) => interpolate(dictionary[key], params);
}
