import { describe, expect, it } from 'vitest';
import {
  draftFromScene,
  emptySceneDraft,
  sceneDraftProblems,
  sceneDraftToBody,
} from './scene-form';

const pool = {
  ruleAttributes: ['healthCertificateValid', 'age'],
  allowedFields: ['maskedName', 'healthCertificateValid', 'healthCertificateExpires'],
};

describe('scene form', () => {
  it('turns the form into rules, keeping only what the scene type allows', () => {
    const draft = {
      ...emptySceneDraft('pool'),
      id: 'pool-jingan',
      name: '静安游泳馆',
      flags: { healthCertificateValid: 'yes' as const, insured: 'yes' as const },
      ageMin: 6,
      atLeast: 'real-name' as const,
      fields: ['maskedName', 'healthCertificateValid', 'medicalInsuranceNo'],
    };
    expect(sceneDraftProblems(draft, true)).toEqual([]);
    expect(sceneDraftToBody(draft, pool)).toEqual({
      name: '静安游泳馆',
      nameEn: null,
      rules: [
        { attribute: 'healthCertificateValid', equals: true },
        { attribute: 'age', min: 6 },
      ],
      fields: ['maskedName', 'healthCertificateValid'],
    });
  });

  it('names what is missing or wrong', () => {
    expect(sceneDraftProblems(emptySceneDraft(), true)).toEqual([
      'idRequired',
      'typeRequired',
      'nameRequired',
      'fieldsRequired',
    ]);
    const bad = { ...emptySceneDraft('pool'), id: 'Pool 1', name: 'x', fields: ['adult'] };
    expect(sceneDraftProblems({ ...bad, ageMin: 18, ageMax: 6 }, true)).toEqual([
      'idPattern',
      'ageOrder',
    ]);
    // Editing: id and type are fixed.
    expect(sceneDraftProblems({ ...bad, id: '' }, false)).toEqual([]);
  });

  it('reads a scene back into the form', () => {
    const draft = draftFromScene({
      id: 'clinic-ruijin',
      type: 'clinic',
      name: '瑞金医院门诊挂号',
      nameEn: null,
      rules: [
        { attribute: 'insured', equals: true },
        { attribute: 'age', max: 120 },
        { attribute: 'assuranceLevel', atLeast: 'real-name' },
      ],
      fields: ['name', 'insured'],
    });
    expect(draft).toMatchObject({
      flags: { insured: 'yes' },
      ageMin: null,
      ageMax: 120,
      atLeast: 'real-name',
      fields: ['name', 'insured'],
    });
  });
});
