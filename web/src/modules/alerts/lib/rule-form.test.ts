import { describe, expect, it } from 'vitest';
import type { Rule } from '../api/alerts-api';
import { emptyRuleForm, formToBody, ruleToBody, ruleToForm, scopeOf } from './rule-form';

const condition = { type: 'threshold' as const, key: 'tiltX', op: '>' as const, value: 5 };

const rule: Rule = {
  id: 'r1',
  name: '广告牌倾斜',
  description: '黄浦区广告牌',
  severity: 'critical',
  productId: 'billboard-tilt',
  deviceId: null,
  tag: null,
  regionId: '310101',
  condition,
  stormThreshold: 10,
  stormWindowSeconds: 300,
  enabled: true,
  version: 3,
  updatedAt: '2026-11-22T00:00:00Z',
};

describe('rule form', () => {
  it('needs something to apply to', () => {
    expect(formToBody({ ...emptyRuleForm(), name: 'x', tag: '  ' }, condition)).toEqual({
      ok: false,
      error: 'scopeRequired',
    });
  });

  it('sends every field, trimmed, with an empty scope part as null', () => {
    const result = formToBody(
      { ...emptyRuleForm(), name: '  井盖开启 ', tag: 'demo ', description: ' ' },
      condition,
    );
    expect(result).toEqual({
      ok: true,
      body: {
        name: '井盖开启',
        description: '',
        severity: 'major',
        productId: null,
        deviceId: null,
        tag: 'demo',
        regionId: null,
        condition,
        stormThreshold: 10,
        stormWindowSeconds: 300,
        enabled: true,
      },
    });
  });

  it('round-trips a stored rule, e.g. to switch it off', () => {
    expect(ruleToForm(rule)).toMatchObject({ productId: 'billboard-tilt', regionId: '310101' });
    expect(ruleToBody(rule, { enabled: false })).toEqual({
      name: '广告牌倾斜',
      description: '黄浦区广告牌',
      severity: 'critical',
      productId: 'billboard-tilt',
      deviceId: null,
      tag: null,
      regionId: '310101',
      condition,
      stormThreshold: 10,
      stormWindowSeconds: 300,
      enabled: false,
    });
  });

  it('refuses to resend a condition it cannot read', () => {
    expect(ruleToBody({ ...rule, condition: { type: 'magic' } })).toBeNull();
  });

  it('lists the scope in a fixed order', () => {
    expect(scopeOf({ ...rule, tag: 'demo' })).toEqual([
      { kind: 'product', id: 'billboard-tilt' },
      { kind: 'tag', id: 'demo' },
      { kind: 'region', id: '310101' },
    ]);
  });
});
