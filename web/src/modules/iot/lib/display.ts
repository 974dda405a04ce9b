import { isApiError } from '../../../shared/api/problem';
import type { Locale } from '../../../shared/i18n/locale';

/** Staff read city time, whatever zone the browser is in. */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: Locale, withSeconds: boolean): Intl.DateTimeFormat {
  const id = `${locale}|${withSeconds}`;
  let formatter = formatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: CITY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    formatters.set(id, formatter);
  }
  return formatter;
}

/** "2026/11/22 15:04:05" in city time; empty for a missing or unreadable timestamp. */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  locale: Locale,
  options: { seconds?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return formatterFor(locale, options.seconds ?? true).format(date);
}

/**
 * A device credential as lists and screenshots may show it: enough to tell two apart,
 * not enough to use. Short tokens are hidden whole.
 */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return '•'.repeat(8);
  return `${secret.slice(0, 4)}${'•'.repeat(8)}${secret.slice(-4)}`;
}

/** A reading for people: numbers rounded sensibly, booleans and objects spelled out. */
export function formatReading(value: unknown, unit?: string | null): string {
  let text: string;
  if (typeof value === 'number') {
    text = Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  } else if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'boolean') {
    text = value ? 'true' : 'false';
  } else if (value === null || value === undefined) {
    return '—';
  } else {
    text = JSON.stringify(value);
  }
  return unit ? `${text} ${unit}` : text;
}

type Ref = { id: string; name: string | null } | null;

/** "黄浦区 / 南京东路街道 / 网格 12": the device's place from district down. */
export function regionPathText(refs: readonly Ref[]): string {
  return refs
    .filter((r): r is NonNullable<Ref> => r !== null)
    .map((r) => r.name ?? r.id)
    .join(' / ');
}

/** The data-quality issues ingest counts (telemetry.repository.ts on the server). */
export const QUALITY_ISSUE_KINDS = [
  'unknown_key',
  'wrong_type',
  'out_of_range',
  'stuck',
  'bad_timestamp',
  'malformed_payload',
] as const;
export type QualityIssueKind = (typeof QUALITY_ISSUE_KINDS)[number];

export function isQualityIssueKind(kind: string): kind is QualityIssueKind {
  return (QUALITY_ISSUE_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether a detail page's record simply is not there: 404, or an id that cannot be one
 * (400 on the path). The page then says so in the reader's language instead of showing the
 * server's English detail.
 */
export function isMissingRecord(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.status === 404) return true;
  const errors = error.problem.errors;
  return (
    error.status === 400 &&
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (e: unknown) =>
        typeof e === 'object' &&
        e !== null &&
        String((e as { path?: unknown }).path).startsWith('params.'),
    )
  );
}
