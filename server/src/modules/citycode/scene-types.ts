import type { AssuranceLevel } from '../../platform/auth/actor.ts';

/**
 * What the city code knows about a holder: copies of what the insurance, transit, health and
 * vehicle systems know, kept in this module so that a scan never waits on another system.
 */
export interface HolderAttributes {
  name: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  assuranceLevel: AssuranceLevel;
  insured: boolean;
  medicalInsuranceNo: string | null;
  transitAccount: string | null;
  fareCategory: FareCategory;
  /** YYYY-MM-DD, the last day the health certificate is valid. */
  healthCertificateExpires: string | null;
  vehiclePlates: string[];
}

export const fareCategories = ['standard', 'senior', 'student', 'disabled'] as const;
export type FareCategory = (typeof fareCategories)[number];

export const sceneTypes = ['clinic', 'transit', 'pool', 'venue', 'parking'] as const;
export type SceneType = (typeof sceneTypes)[number];

/** Every field a scanner may be shown, computed from the attributes at scan time. */
export const holderFields = [
  'name',
  'maskedName',
  'age',
  'adult',
  'assuranceLevel',
  'insured',
  'medicalInsuranceNo',
  'transitAccount',
  'fareCategory',
  'healthCertificateValid',
  'healthCertificateExpires',
  'vehiclePlates',
] as const;
export type HolderField = (typeof holderFields)[number];

/** What scene rules may test. */
export const ruleAttributes = [
  'insured',
  'healthCertificateValid',
  'hasTransitAccount',
  'hasVehicle',
  'age',
  'assuranceLevel',
] as const;
export type RuleAttribute = (typeof ruleAttributes)[number];

export interface SceneTypeSpec {
  type: SceneType;
  name: { zh: string; en: string };
  /** The most a scene of this type may ever see: asking for more is refused when configured. */
  allowedFields: readonly HolderField[];
  /** The attributes its rules may test (a rule is also a way to learn something). */
  ruleAttributes: readonly RuleAttribute[];
}

/**
 * The registry of scene types. Each type is a purpose (data minimisation: 个人信息保护法
 * art. 6), and the purpose bounds what may be disclosed.
 */
export const sceneTypeSpecs: Readonly<Record<SceneType, SceneTypeSpec>> = {
  clinic: {
    type: 'clinic',
    name: { zh: '就医（医保卡）', en: 'Clinic (medical insurance card)' },
    allowedFields: ['name', 'age', 'assuranceLevel', 'insured', 'medicalInsuranceNo'],
    ruleAttributes: ['insured', 'age', 'assuranceLevel'],
  },
  transit: {
    type: 'transit',
    name: { zh: '公交地铁（交通卡）', en: 'Bus and metro (transit card)' },
    allowedFields: ['transitAccount', 'fareCategory'],
    ruleAttributes: ['hasTransitAccount', 'age'],
  },
  pool: {
    type: 'pool',
    name: { zh: '游泳场馆（健康证明）', en: 'Swimming pool (health certificate)' },
    allowedFields: ['maskedName', 'healthCertificateValid', 'healthCertificateExpires'],
    ruleAttributes: ['healthCertificateValid', 'age'],
  },
  venue: {
    type: 'venue',
    name: { zh: '场馆入园', en: 'Venue entry' },
    allowedFields: ['maskedName', 'adult'],
    ruleAttributes: ['age', 'assuranceLevel'],
  },
  parking: {
    type: 'parking',
    name: { zh: '停车', en: 'Parking' },
    allowedFields: ['vehiclePlates'],
    ruleAttributes: ['hasVehicle'],
  },
};

export const assuranceOrder: Readonly<Record<AssuranceLevel, number>> = {
  basic: 0,
  'real-name': 1,
  'real-person': 2,
};
