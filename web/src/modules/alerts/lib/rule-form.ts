import type { Condition, Rule, RuleBody, Severity } from '../api/alerts-api';
import { isCondition } from './condition-draft';

/** The rule form's fields (the condition is edited separately, as a draft tree). */
export interface RuleFormValues {
  name: string;
  description: string;
  severity: Severity;
  productId?: string | undefined;
  deviceId?: string | undefined;
  tag?: string | undefined;
  regionId?: string | undefined;
  enabled: boolean;
  stormThreshold: number;
  stormWindowSeconds: number;
}

/** The server's defaults (alerts.service.ts), shown in a new form. */
export const DEFAULT_STORM_THRESHOLD = 10;
export const DEFAULT_STORM_WINDOW_SECONDS = 300;

export const emptyRuleForm = (): RuleFormValues => ({
  name: '',
  description: '',
  severity: 'major',
  enabled: true,
  stormThreshold: DEFAULT_STORM_THRESHOLD,
  stormWindowSeconds: DEFAULT_STORM_WINDOW_SECONDS,
});

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function ruleToForm(rule: Rule): RuleFormValues {
  const values: RuleFormValues = {
    name: rule.name,
    description: rule.description,
    severity: rule.severity,
    enabled: rule.enabled,
    stormThreshold: rule.stormThreshold,
    stormWindowSeconds: rule.stormWindowSeconds,
  };
  if (rule.productId) values.productId = rule.productId;
  if (rule.deviceId) values.deviceId = rule.deviceId;
  if (rule.tag) values.tag = rule.tag;
  if (rule.regionId) values.regionId = rule.regionId;
  return values;
}

export type RuleBodyResult = { ok: true; body: RuleBody } | { ok: false; error: 'scopeRequired' };

/**
 * The request body for create and replace. A rule must apply to something: a product, a
 * device, a tag or a region (the server refuses one with none).
 */
export function formToBody(values: RuleFormValues, condition: Condition): RuleBodyResult {
  const productId = blankToNull(values.productId);
  const deviceId = blankToNull(values.deviceId);
  const tag = blankToNull(values.tag);
  const regionId = blankToNull(values.regionId);
  if (!productId && !deviceId && !tag && !regionId) return { ok: false, error: 'scopeRequired' };
  return {
    ok: true,
    body: {
      name: values.name.trim(),
      description: values.description.trim(),
      severity: values.severity,
      productId,
      deviceId,
      tag,
      regionId,
      condition,
      stormThreshold: values.stormThreshold,
      stormWindowSeconds: values.stormWindowSeconds,
      enabled: values.enabled,
    },
  };
}

/** A stored rule as a replace body, e.g. to switch it on or off; null if its condition is unreadable. */
export function ruleToBody(rule: Rule, change: Partial<RuleFormValues> = {}): RuleBody | null {
  if (!isCondition(rule.condition)) return null;
  const result = formToBody({ ...ruleToForm(rule), ...change }, rule.condition);
  return result.ok ? result.body : null;
}

export interface ScopePart {
  kind: 'product' | 'device' | 'tag' | 'region';
  id: string;
}

/** What a rule applies to, in a fixed order, for the list. */
export function scopeOf(
  rule: Pick<Rule, 'productId' | 'deviceId' | 'tag' | 'regionId'>,
): ScopePart[] {
  const parts: ScopePart[] = [];
  if (rule.productId) parts.push({ kind: 'product', id: rule.productId });
  if (rule.deviceId) parts.push({ kind: 'device', id: rule.deviceId });
  if (rule.tag) parts.push({ kind: 'tag', id: rule.tag });
  if (rule.regionId) parts.push({ kind: 'region', id: rule.regionId });
  return parts;
}
