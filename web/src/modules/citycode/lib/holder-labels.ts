import type { components } from '../../../shared/api/schema';
import type { AssuranceLevel } from '../../../shared/api/types';
import type { Translate } from '../../../shared/i18n/translate';

/**
 * What the city code knows about a holder, in words: the fields a scanner may see and the
 * attributes a scene rule may test. The codes are the server's (`scene-types.ts`, through the
 * generated API types); their labels are the `citycode.attribute.*` messages, the one table
 * every page (scene form, scene and type tables, a citizen's scans) reads.
 */
export type HolderField = components['schemas']['CitycodeScene']['fields'][number];
export type SceneRule = components['schemas']['SceneRule'];
export type RuleAttribute = SceneRule['attribute'];
export type FlagAttribute = Extract<SceneRule, { equals: boolean }>['attribute'];
export type HolderAttribute = HolderField | RuleAttribute;

/**
 * How the scene form asks for a rule on each attribute, in the order it offers them. The
 * `satisfies` makes an attribute the API gains (after `npm run gen:api`) a type error here
 * until it is listed; the label test then asks for its words in both languages.
 */
export const ruleKinds = {
  insured: 'flag',
  healthCertificateValid: 'flag',
  hasTransitAccount: 'flag',
  hasVehicle: 'flag',
  age: 'range',
  assuranceLevel: 'level',
} as const satisfies Record<RuleAttribute, 'flag' | 'range' | 'level'>;

export const ruleAttributes = Object.keys(ruleKinds) as RuleAttribute[];

export const flagAttributes = ruleAttributes.filter(
  (a): a is FlagAttribute => ruleKinds[a] === 'flag',
);

const fieldSet = {
  name: true,
  maskedName: true,
  age: true,
  adult: true,
  assuranceLevel: true,
  insured: true,
  medicalInsuranceNo: true,
  transitAccount: true,
  fareCategory: true,
  healthCertificateValid: true,
  healthCertificateExpires: true,
  vehiclePlates: true,
} as const satisfies Record<HolderField, true>;

export const holderFields = Object.keys(fieldSet) as HolderField[];

/** Every code that has a label: fields and rule attributes (several are both). */
export const holderAttributes: readonly HolderAttribute[] = [
  ...new Set<HolderAttribute>([...holderFields, ...ruleAttributes]),
];

const levelSet = { basic: true, 'real-name': true, 'real-person': true } as const satisfies Record<
  AssuranceLevel,
  true
>;

/** Lowest first. */
export const assuranceLevels = Object.keys(levelSet) as AssuranceLevel[];

const isHolderAttribute = (code: string): code is HolderAttribute =>
  (holderAttributes as readonly string[]).includes(code);

const isAssuranceLevel = (code: string): code is AssuranceLevel =>
  (assuranceLevels as readonly string[]).includes(code);

/** A field or attribute in words; a code this version does not know yet stays as it is. */
export function attributeLabel(t: Translate, code: string): string {
  return isHolderAttribute(code) ? t(`citycode.attribute.${code}`) : code;
}

/** 基础认证 / 实名认证 / 实人认证: the words the portal shows on the account itself. */
export function assuranceLabel(t: Translate, level: string): string {
  return isAssuranceLevel(level) ? t(`account.assurance.${level}`) : level;
}

/** A scene rule as a short phrase: 参加医保：是, 年龄 ≥ 6, 认证等级 ≥ 实名认证. */
export function describeRule(t: Translate, rule: SceneRule): string {
  const attribute = attributeLabel(t, rule.attribute);
  if ('equals' in rule)
    return t(rule.equals ? 'citycode.rule.is' : 'citycode.rule.isNot', { attribute });
  if ('atLeast' in rule) {
    return t('citycode.rule.atLeast', { attribute, value: assuranceLabel(t, rule.atLeast) });
  }
  if (rule.min !== undefined && rule.max !== undefined) {
    return t('citycode.rule.between', { attribute, min: rule.min, max: rule.max });
  }
  if (rule.min !== undefined) return t('citycode.rule.atLeast', { attribute, value: rule.min });
  if (rule.max !== undefined) return t('citycode.rule.atMost', { attribute, value: rule.max });
  return attribute;
}
