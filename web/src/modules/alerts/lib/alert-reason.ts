import type { Translate } from '../../../shared/i18n/translate';

/**
 * Why an alert was raised, read back out of the server's `reason` (rule-condition.ts writes
 * e.g. `tiltX 8.5 > 5 for 130 s`, `level changes 0.6/min > 0.5/min`, `no pressure for 900 s`,
 * joined with `; ` for AND / OR), so the page can name the property and speak the reader's
 * language. What it does not recognise is shown as it came.
 */
export type ReasonPart =
  | {
      kind: 'threshold';
      key: string;
      value: string;
      op: string;
      threshold: string;
      seconds?: string;
    }
  | { kind: 'rate'; key: string; rate: string; op: string; perMinute: string }
  | { kind: 'noData'; key: string | null; seconds: string }
  | { kind: 'text'; text: string };

const OP = '(>=|<=|==|!=|>|<)';
const RATE = new RegExp(`^(\\S+) changes (\\S+)/min ${OP} (\\S+)/min$`);
const THRESHOLD = new RegExp(`^(\\S+) (\\S+) ${OP} (\\S+)(?: for (\\d+) s)?$`);
const NO_DATA = /^no (\S+) for (\d+) s$/;

function parsePart(text: string): ReasonPart {
  const rate = RATE.exec(text);
  if (rate) {
    const [, key = '', value = '', op = '', perMinute = ''] = rate;
    return { kind: 'rate', key, rate: value, op, perMinute };
  }
  const threshold = THRESHOLD.exec(text);
  if (threshold) {
    const [, key = '', value = '', op = '', limit = '', seconds] = threshold;
    return {
      kind: 'threshold',
      key,
      value,
      op,
      threshold: limit,
      ...(seconds ? { seconds } : {}),
    };
  }
  const silent = NO_DATA.exec(text);
  if (silent) {
    const [, key = '', seconds = ''] = silent;
    // `no data for …`: the rule watched the whole device, not one key.
    return { kind: 'noData', key: key === 'data' ? null : key, seconds };
  }
  return { kind: 'text', text };
}

export function parseReason(reason: string): ReasonPart[] {
  return reason
    .split('; ')
    .filter((part) => part.trim() !== '')
    .map(parsePart);
}

/** A property as the reader knows it: its name, and the unit its numbers are in. */
export interface PropertyLabel {
  name: string;
  unit?: string | null | undefined;
}

const withUnit = (value: string, unit: string | null | undefined) =>
  unit && /^-?\d/.test(value) ? `${value} ${unit}` : value;

/** The reason in the reader's words; `label` names a key (or returns null to keep the key). */
export function reasonText(
  reason: string,
  t: Translate,
  label: (key: string) => PropertyLabel | null,
): string {
  return parseReason(reason)
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return part.text;
        case 'threshold': {
          const property = label(part.key);
          const params = {
            name: property?.name ?? part.key,
            value: withUnit(part.value, property?.unit),
            op: part.op,
            threshold: withUnit(part.threshold, property?.unit),
          };
          return part.seconds
            ? t('alerts.reason.thresholdFor', { ...params, seconds: part.seconds })
            : t('alerts.reason.threshold', params);
        }
        case 'rate': {
          const property = label(part.key);
          return t('alerts.reason.rate', {
            name: property?.name ?? part.key,
            rate: part.rate,
            op: part.op,
            perMinute: part.perMinute,
          });
        }
        case 'noData':
          return part.key === null
            ? t('alerts.reason.noDataDevice', { seconds: part.seconds })
            : t('alerts.reason.noData', {
                name: label(part.key)?.name ?? part.key,
                seconds: part.seconds,
              });
      }
    })
    .join('; ');
}

/**
 * Labels from a product's thing model. Property names are written in Chinese only, so the
 * English page keeps the key and adds just the unit.
 */
export function propertyLabels(
  properties: ReadonlyArray<{ key: string; name: string; unit?: string | null | undefined }>,
  useNames: boolean,
): (key: string) => PropertyLabel | null {
  const byKey = new Map(properties.map((p) => [p.key, p]));
  return (key) => {
    const property = byKey.get(key);
    if (!property) return null;
    return { name: useNames ? property.name : key, unit: property.unit };
  };
}
