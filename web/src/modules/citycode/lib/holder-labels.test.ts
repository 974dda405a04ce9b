import { describe, expect, it } from 'vitest';
// The committed OpenAPI document, which the server writes from its own lists (scene-types.ts)
// and from which the API types are generated: read as text, nothing of the server runs here.
import openapiText from '../../../../../server/openapi.json?raw';
import { en } from '../../../shared/i18n/messages-en';
import { zh } from '../../../shared/i18n/messages-zh';
import { createTranslator } from '../../../shared/i18n/translate';
import {
  assuranceLabel,
  assuranceLevels,
  attributeLabel,
  describeRule,
  flagAttributes,
  holderAttributes,
  holderFields,
  ruleAttributes,
} from './holder-labels';

interface EnumSchema {
  enum?: string[];
}
interface Spec {
  components: {
    schemas: {
      CitycodeScene: { properties: { fields: { items: EnumSchema } } };
      SceneRule: { anyOf: Array<{ properties: { attribute: EnumSchema } }> };
      CitycodeHolderAttributes: { properties: { assuranceLevel: EnumSchema } };
    };
  };
}

const schemas = (JSON.parse(openapiText) as Spec).components.schemas;
const apiFields = schemas.CitycodeScene.properties.fields.items.enum ?? [];
const apiRuleAttributes = schemas.SceneRule.anyOf.flatMap((r) => r.properties.attribute.enum ?? []);
const apiLevels = schemas.CitycodeHolderAttributes.properties.assuranceLevel.enum ?? [];
const sorted = (list: readonly string[]) => [...list].sort();

describe('holder labels', () => {
  it('list every field and rule attribute the API defines, no more', () => {
    expect(apiFields.length).toBeGreaterThan(0);
    expect(apiRuleAttributes.length).toBeGreaterThan(0);
    expect(sorted(holderFields)).toEqual(sorted(apiFields));
    expect(sorted(ruleAttributes)).toEqual(sorted(apiRuleAttributes));
    expect(sorted(assuranceLevels)).toEqual(sorted(apiLevels));
  });

  it('have words for every field, attribute and level in both languages', () => {
    const codes = [...new Set([...apiFields, ...apiRuleAttributes])];
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const t = createTranslator(locale);
      const raw = [
        ...codes.filter((code) => [code, '', undefined].includes(attributeLabel(t, code))),
        ...apiLevels.filter((level) => [level, '', undefined].includes(assuranceLabel(t, level))),
      ];
      expect({ locale, raw }).toEqual({ locale, raw: [] });
    }
  });

  it('keep one label table: no attribute label without an attribute', () => {
    const labelled = (dictionary: Record<string, string>) =>
      Object.keys(dictionary)
        .filter((key) => key.startsWith('citycode.attribute.'))
        .map((key) => key.slice('citycode.attribute.'.length));
    expect(sorted(labelled(zh))).toEqual(sorted(holderAttributes));
    expect(sorted(labelled(en))).toEqual(sorted(holderAttributes));
  });

  it('leave a code this version does not know as it is', () => {
    const t = createTranslator('zh-CN');
    expect(attributeLabel(t, 'shoeSize')).toBe('shoeSize');
    expect(assuranceLabel(t, 'super-real')).toBe('super-real');
  });

  it('offer the boolean attributes as yes/no flags', () => {
    expect(flagAttributes).toEqual([
      'insured',
      'healthCertificateValid',
      'hasTransitAccount',
      'hasVehicle',
    ]);
  });
});

describe('rules in words', () => {
  const zhT = createTranslator('zh-CN');
  const enT = createTranslator('en-US');

  it('say what each kind of rule asks', () => {
    expect(describeRule(zhT, { attribute: 'insured', equals: true })).toBe('参加医保：是');
    expect(describeRule(zhT, { attribute: 'hasVehicle', equals: false })).toBe('登记车辆：否');
    expect(describeRule(zhT, { attribute: 'age', min: 6 })).toBe('年龄 ≥ 6');
    expect(describeRule(zhT, { attribute: 'age', max: 60 })).toBe('年龄 ≤ 60');
    expect(describeRule(zhT, { attribute: 'age', min: 18, max: 60 })).toBe('年龄 18–60');
    expect(describeRule(zhT, { attribute: 'assuranceLevel', atLeast: 'real-name' })).toBe(
      '认证等级 ≥ 实名认证',
    );
  });

  it('switch to English', () => {
    expect(describeRule(enT, { attribute: 'healthCertificateValid', equals: true })).toBe(
      'Health certificate valid: yes',
    );
    expect(describeRule(enT, { attribute: 'assuranceLevel', atLeast: 'real-person' })).toBe(
      'Assurance level ≥ Real-person verified',
    );
  });
});
