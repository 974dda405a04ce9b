import type { AssuranceLevel } from '../../platform/auth/actor.ts';
import { badRequest } from '../../platform/errors/app-error.ts';
import {
  assuranceOrder,
  sceneTypeSpecs,
  type HolderAttributes,
  type HolderField,
  type RuleAttribute,
  type SceneType,
} from './scene-types.ts';

/** A condition the holder must meet; a scene's rules must all hold for an allow. */
export type SceneRule =
  | {
      attribute: 'insured' | 'healthCertificateValid' | 'hasTransitAccount' | 'hasVehicle';
      equals: boolean;
    }
  | { attribute: 'age'; min?: number; max?: number }
  | { attribute: 'assuranceLevel'; atLeast: AssuranceLevel };

/** A holder as the scan path keeps it in memory: attributes plus what is derived per scan. */
export interface Holder {
  holderNo: number;
  accountId: string;
  attributes: HolderAttributes;
  /** Birth date as a number YYYYMMDD (null when unknown), for a cheap age per scan. */
  born: number | null;
  /** Last valid day of the health certificate as YYYYMMDD, or null. */
  certificateUntil: number | null;
}

const ymd = (date: string | null): number | null =>
  date ? Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10)) : null;

export function toHolder(
  holderNo: number,
  accountId: string,
  attributes: HolderAttributes,
): Holder {
  return {
    holderNo,
    accountId,
    attributes,
    born: ymd(attributes.birthDate),
    certificateUntil: ymd(attributes.healthCertificateExpires),
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Today in Shanghai as YYYYMMDD: ages and certificates follow the local calendar. */
export function localDay(nowMs: number): number {
  const d = new Date(nowMs + SHANGHAI_OFFSET_MS);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

export function ageOn(born: number | null, today: number): number | null {
  if (born === null) return null;
  return Math.floor((today - born) / 10_000);
}

function attributeHolds(rule: SceneRule, holder: Holder, today: number): boolean {
  const a = holder.attributes;
  switch (rule.attribute) {
    case 'insured':
      return a.insured === rule.equals;
    case 'healthCertificateValid':
      return (holder.certificateUntil !== null && holder.certificateUntil >= today) === rule.equals;
    case 'hasTransitAccount':
      return (a.transitAccount !== null) === rule.equals;
    case 'hasVehicle':
      return a.vehiclePlates.length > 0 === rule.equals;
    case 'age': {
      const age = ageOn(holder.born, today);
      if (age === null) return false;
      return (
        (rule.min === undefined || age >= rule.min) && (rule.max === undefined || age <= rule.max)
      );
    }
    case 'assuranceLevel':
      return assuranceOrder[a.assuranceLevel] >= assuranceOrder[rule.atLeast];
  }
}

/** The first rule the holder fails, or null when every rule holds. */
export function firstFailedRule(
  rules: readonly SceneRule[],
  holder: Holder,
  today: number,
): RuleAttribute | null {
  for (const rule of rules) if (!attributeHolds(rule, holder, today)) return rule.attribute;
  return null;
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export type DisclosedFields = Partial<{
  name: string | null;
  maskedName: string | null;
  age: number | null;
  adult: boolean | null;
  assuranceLevel: AssuranceLevel;
  insured: boolean;
  medicalInsuranceNo: string | null;
  transitAccount: string | null;
  fareCategory: string;
  healthCertificateValid: boolean;
  healthCertificateExpires: string | null;
  vehiclePlates: string[];
}>;

/** Exactly the fields the scene was configured to see (checked against its type then). */
export function disclose(
  fields: readonly HolderField[],
  holder: Holder,
  today: number,
): DisclosedFields {
  const a = holder.attributes;
  const out: DisclosedFields = {};
  for (const field of fields) {
    switch (field) {
      case 'name':
        out.name = a.name;
        break;
      case 'maskedName':
        out.maskedName = a.name === null ? null : maskName(a.name);
        break;
      case 'age':
        out.age = ageOn(holder.born, today);
        break;
      case 'adult': {
        const age = ageOn(holder.born, today);
        out.adult = age === null ? null : age >= 18;
        break;
      }
      case 'assuranceLevel':
        out.assuranceLevel = a.assuranceLevel;
        break;
      case 'insured':
        out.insured = a.insured;
        break;
      case 'medicalInsuranceNo':
        out.medicalInsuranceNo = a.medicalInsuranceNo;
        break;
      case 'transitAccount':
        out.transitAccount = a.transitAccount;
        break;
      case 'fareCategory':
        out.fareCategory = a.fareCategory;
        break;
      case 'healthCertificateValid':
        out.healthCertificateValid =
          holder.certificateUntil !== null && holder.certificateUntil >= today;
        break;
      case 'healthCertificateExpires':
        out.healthCertificateExpires = a.healthCertificateExpires;
        break;
      case 'vehiclePlates':
        out.vehiclePlates = a.vehiclePlates;
        break;
    }
  }
  return out;
}

/**
 * Refuses, when a scene is configured, fields or rules beyond what its type allows: a scene
 * can never be set up to see more than its purpose needs.
 */
export function assertSceneConfiguration(
  type: SceneType,
  rules: readonly SceneRule[],
  fields: readonly HolderField[],
): void {
  const spec = sceneTypeSpecs[type];
  const extra = fields.filter((f) => !spec.allowedFields.includes(f));
  if (extra.length > 0) {
    throw badRequest(
      'field_not_allowed',
      `A ${type} scene may not see ${extra.join(', ')}; it may see at most: ${spec.allowedFields.join(', ')}`,
      { fields: extra, allowedFields: [...spec.allowedFields] },
    );
  }
  if (new Set(fields).size !== fields.length) {
    throw badRequest('duplicate_field', 'Each field may be listed once');
  }
  const forbidden = rules.filter((r) => !spec.ruleAttributes.includes(r.attribute));
  if (forbidden.length > 0) {
    throw badRequest(
      'rule_not_allowed',
      `A ${type} scene may not test ${forbidden.map((r) => r.attribute).join(', ')}; it may test: ${spec.ruleAttributes.join(', ')}`,
      { attributes: forbidden.map((r) => r.attribute) },
    );
  }
  for (const rule of rules) {
    if (
      rule.attribute === 'age' &&
      rule.min !== undefined &&
      rule.max !== undefined &&
      rule.min > rule.max
    ) {
      throw badRequest('invalid_rule', 'An age rule needs min ≤ max');
    }
    if (rule.attribute === 'age' && rule.min === undefined && rule.max === undefined) {
      throw badRequest('invalid_rule', 'An age rule needs min, max or both');
    }
  }
}
