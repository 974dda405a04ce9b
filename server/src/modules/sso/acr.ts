import type { AssuranceLevel } from '../../platform/auth/actor.ts';

/**
 * Authentication context classes: the account's assurance level as relying parties see it
 * (`acr` in the ID token). A relying party requires a level with `acr_values`; the lowest level
 * it lists is the minimum (per the spec, any listed value would do).
 */
export const acrValues = ['basic', 'realname', 'realperson'] as const;
export type Acr = (typeof acrValues)[number];

const byLevel: Readonly<Record<AssuranceLevel, Acr>> = {
  basic: 'basic',
  'real-name': 'realname',
  'real-person': 'realperson',
};

export const acrOf = (level: AssuranceLevel): Acr => byLevel[level];

export const acrRank = (acr: string | undefined): number =>
  acrValues.indexOf((acr ?? 'basic') as Acr);

/** The minimum level a request asks for, or null when it names none we know. */
export function requiredAcr(param: unknown): Acr | null {
  if (typeof param !== 'string') return null;
  const known = param
    .split(' ')
    .filter((v): v is Acr => (acrValues as readonly string[]).includes(v))
    .sort((a, b) => acrRank(a) - acrRank(b));
  return known[0] ?? null;
}

export const isAcr = (value: unknown): value is Acr =>
  typeof value === 'string' && (acrValues as readonly string[]).includes(value);

/**
 * What a login must reach: the higher of what the request asks (`acr_values`) and what the
 * relying party was registered to require.
 */
export function requiredAcrFor(param: unknown, registered: string | undefined): Acr | null {
  const asked = requiredAcr(param);
  const fixed = isAcr(registered) ? registered : null;
  if (asked === null) return fixed;
  if (fixed === null) return asked;
  return acrRank(asked) >= acrRank(fixed) ? asked : fixed;
}

export const meets = (actual: string | undefined, required: Acr | null): boolean =>
  required === null || acrRank(actual) >= acrRank(required);
