import { describe, expect, it } from 'vitest';
import {
  assertSceneConfiguration,
  disclose,
  firstFailedRule,
  localDay,
  maskName,
  toHolder,
} from './scene-rules.ts';
import { holderFields, sceneTypeSpecs, type HolderAttributes } from './scene-types.ts';

const attributes: HolderAttributes = {
  name: '王小明',
  birthDate: '2008-06-15',
  assuranceLevel: 'real-name',
  insured: true,
  medicalInsuranceNo: 'SH123',
  transitAccount: null,
  fareCategory: 'student',
  healthCertificateExpires: '2026-06-30',
  vehiclePlates: [],
};
const holder = toHolder(7, 'acc', attributes);

describe('scene rules', () => {
  it('computes age and certificate validity on the Shanghai calendar', () => {
    // 2026-06-14 16:30 UTC is already 15 June in Shanghai: the 18th birthday.
    const birthday = localDay(Date.UTC(2026, 5, 14, 16, 30));
    expect(birthday).toBe(20260615);
    expect(firstFailedRule([{ attribute: 'age', min: 18 }], holder, birthday)).toBeNull();
    expect(firstFailedRule([{ attribute: 'age', min: 18 }], holder, 20260614)).toBe('age');
    expect(
      firstFailedRule([{ attribute: 'healthCertificateValid', equals: true }], holder, 20260630),
    ).toBeNull();
    expect(
      firstFailedRule([{ attribute: 'healthCertificateValid', equals: true }], holder, 20260701),
    ).toBe('healthCertificateValid');
  });

  it('names the first rule that fails', () => {
    const rules = [
      { attribute: 'insured' as const, equals: true },
      { attribute: 'hasTransitAccount' as const, equals: true },
      { attribute: 'assuranceLevel' as const, atLeast: 'real-person' as const },
    ];
    expect(firstFailedRule(rules, holder, 20260101)).toBe('hasTransitAccount');
    expect(firstFailedRule([rules[2]!], holder, 20260101)).toBe('assuranceLevel');
    const unknownAge = toHolder(8, 'b', { ...attributes, birthDate: null });
    expect(firstFailedRule([{ attribute: 'age', max: 200 }], unknownAge, 20260101)).toBe('age');
  });

  it('discloses exactly the configured fields and nothing else', () => {
    const seen = disclose(['maskedName', 'adult'], holder, 20260101);
    expect(seen).toEqual({ maskedName: '王**', adult: false });
    const all = disclose(holderFields, holder, 20260101);
    expect(Object.keys(all).sort()).toEqual([...holderFields].sort());
    expect(maskName('张三')).toBe('张*');
  });

  it('refuses a scene that would see more than its type allows', () => {
    expect(() => assertSceneConfiguration('pool', [], ['maskedName', 'name'])).toThrow(
      /may not see name/,
    );
    expect(() =>
      assertSceneConfiguration('transit', [{ attribute: 'insured', equals: true }], []),
    ).toThrow(/may not test insured/);
    expect(() => assertSceneConfiguration('venue', [{ attribute: 'age' }], [])).toThrow(/min, max/);
    for (const spec of Object.values(sceneTypeSpecs)) {
      expect(() => assertSceneConfiguration(spec.type, [], [...spec.allowedFields])).not.toThrow();
    }
  });
});
