import type { Locale } from '../../../shared/i18n/locale';

export const denyReasons = [
  'malformed',
  'forged',
  'expired',
  'replayed',
  'unknown_holder',
  'not_eligible',
  'scene_disabled',
] as const;
export type DenyReason = (typeof denyReasons)[number];

/** A known deny reason, or 'other' for one this version of the app does not know yet. */
export function reasonOf(reason: string | null): DenyReason | 'other' {
  return (denyReasons as readonly string[]).includes(reason ?? '')
    ? (reason as DenyReason)
    : 'other';
}

const formatters = new Map<Locale, Intl.DateTimeFormat>();

/** When a scan happened, in city time (Asia/Shanghai) whatever zone the phone is in. */
export function formatScanTime(at: string, locale: Locale): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(locale, formatter);
  }
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : formatter.format(date);
}
