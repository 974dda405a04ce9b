import { describe, expect, it } from 'vitest';
import { licenceTypes } from '../modules/licences/index.ts';
import { lifeEvents, topics } from '../modules/services/index.ts';
import { mergeBundle } from '../modules/services/bundle-merge.ts';
import { FormValidator } from '../modules/services/form-validation.ts';
import { itemProblems } from '../modules/services/catalogue.service.ts';
import { demoDepartments } from './demo-departments.ts';
import { demoBundles, demoServiceItems } from './demo-service-catalogue.ts';

describe('the demo service catalogue', () => {
  const items = new Map(demoServiceItems.map((i) => [i.id, i]));

  it('has at least 100 valid items across at least 15 of the demo departments', () => {
    expect(demoServiceItems.length).toBeGreaterThanOrEqual(100);
    expect(items.size).toBe(demoServiceItems.length);
    const codes = new Set(demoServiceItems.map((i) => i.departmentCode));
    expect(codes.size).toBeGreaterThanOrEqual(15);
    const known = new Set<string>(demoDepartments.map((d) => d.code));
    expect([...codes].filter((c) => !known.has(c))).toEqual([]);
    const forms = new FormValidator();
    expect(demoServiceItems.flatMap((i) => itemProblems(i, forms))).toEqual([]);
    expect(new Set(demoServiceItems.map((i) => i.code)).size).toBe(demoServiceItems.length);
  });

  it('issues and asks for licence types that exist, to holders they are for', () => {
    const types = new Map(licenceTypes.map((t) => [t.code, t]));
    for (const item of demoServiceItems) {
      for (const m of item.materials) {
        if (m.source.kind === 'licence')
          expect(types.has(m.source.licenceType), `${item.id}: ${m.key}`).toBe(true);
      }
      if (!item.licence) continue;
      const type = types.get(item.licence.type);
      expect(type, item.id).toBeDefined();
      expect(type!.departmentCode, item.id).toBe(item.departmentCode);
      for (const audience of item.audiences) {
        expect(type!.holderKinds, item.id).toContain(
          audience === 'person' ? 'citizen' : 'enterprise',
        );
      }
      // Each printed field of the licence is a field of the item's form.
      const fields = type!.fields.map((f) => f.key).filter((k) => k in item.form.properties);
      expect(fields.length, item.id).toBeGreaterThan(0);
    }
  });

  it('covers every life event and topic it names, and the four bundles merge', () => {
    const eventIds = new Set(lifeEvents.map((e) => e.id));
    const topicIds = new Set(topics.map((t) => t.id));
    for (const item of demoServiceItems) {
      for (const e of item.lifeEvents) expect(eventIds.has(e as never), item.id).toBe(true);
      for (const t of item.topics) expect(topicIds.has(t as never), item.id).toBe(true);
    }
    expect(demoBundles.map((b) => b.id)).toEqual([
      'open-restaurant',
      'newborn',
      'home-sale',
      'start-company',
    ]);
    const restaurant = mergeBundle(demoBundles[0]!, items);
    expect(restaurant.promisedDays).toBe(9);
    expect(restaurant.materials.map((m) => m.key)).not.toContain('food_business');
    const newborn = mergeBundle(demoBundles[1]!, items);
    expect(newborn.fieldMap.babyName).toEqual(
      expect.arrayContaining([
        { itemId: 'social-security-card', field: 'cardholderName' },
        { itemId: 'newborn-medical-insurance', field: 'insuredName' },
      ]),
    );
    // The applicant's own household register is attached once; the newborn's certificate is
    // issued inside the bundle, so nobody uploads it.
    expect(newborn.materials.find((m) => m.key === 'household_register')?.itemIds).toEqual([
      'newborn-household-registration',
    ]);
    expect(newborn.materials.map((m) => m.key)).not.toContain('birth_certificate');
    for (const bundle of demoBundles.slice(2))
      expect(() => mergeBundle(bundle, items)).not.toThrow();
  });
});
