import type { AssuranceLevel } from '../../../shared/api/types';
import {
  flagAttributes,
  holderFields,
  type FlagAttribute,
  type HolderField,
  type SceneRule,
} from './holder-labels';

/**
 * The scene form, as the workbench edits it, and the body it becomes. Which rules and fields
 * a scene may have comes from its type (the server refuses more; the form offers no more).
 */
export interface SceneDraft {
  id: string;
  type: string;
  name: string;
  nameEn: string;
  /** Per boolean attribute: no rule, must be true, must be false. */
  flags: Partial<Record<FlagAttribute, 'any' | 'yes' | 'no'>>;
  ageMin: number | null;
  ageMax: number | null;
  atLeast: AssuranceLevel | 'any';
  fields: string[];
}

export interface SceneTypeLimits {
  ruleAttributes: readonly string[];
  allowedFields: readonly string[];
}

export function emptySceneDraft(type = ''): SceneDraft {
  return {
    id: '',
    type,
    name: '',
    nameEn: '',
    flags: {},
    ageMin: null,
    ageMax: null,
    atLeast: 'any',
    fields: [],
  };
}

export function draftFromScene(scene: {
  id: string;
  type: string;
  name: string;
  nameEn?: string | null;
  rules: ReadonlyArray<Record<string, unknown>>;
  fields: readonly string[];
}): SceneDraft {
  const draft = { ...emptySceneDraft(scene.type), id: scene.id, name: scene.name };
  draft.nameEn = scene.nameEn ?? '';
  draft.fields = [...scene.fields];
  for (const rule of scene.rules) {
    const attribute = rule.attribute as string;
    if ((flagAttributes as string[]).includes(attribute) && typeof rule.equals === 'boolean') {
      draft.flags[attribute as FlagAttribute] = rule.equals ? 'yes' : 'no';
    } else if (attribute === 'age') {
      draft.ageMin = typeof rule.min === 'number' ? rule.min : null;
      draft.ageMax = typeof rule.max === 'number' ? rule.max : null;
    } else if (attribute === 'assuranceLevel') {
      draft.atLeast = rule.atLeast as AssuranceLevel;
    }
  }
  return draft;
}

export type SceneDraftProblem =
  'idRequired' | 'idPattern' | 'typeRequired' | 'nameRequired' | 'ageOrder' | 'fieldsRequired';

export const SCENE_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;

export function sceneDraftProblems(draft: SceneDraft, creating: boolean): SceneDraftProblem[] {
  const problems: SceneDraftProblem[] = [];
  if (creating) {
    if (!draft.id.trim()) problems.push('idRequired');
    else if (!SCENE_ID.test(draft.id.trim())) problems.push('idPattern');
    if (!draft.type) problems.push('typeRequired');
  }
  if (!draft.name.trim()) problems.push('nameRequired');
  if (draft.ageMin !== null && draft.ageMax !== null && draft.ageMin > draft.ageMax) {
    problems.push('ageOrder');
  }
  if (draft.fields.length === 0) problems.push('fieldsRequired');
  return problems;
}

/** The rules and fields the draft states, kept to what its type allows. */
export function sceneDraftToBody(draft: SceneDraft, limits: SceneTypeLimits) {
  const allowed = (attribute: string) => limits.ruleAttributes.includes(attribute);
  const rules: SceneRule[] = [];
  for (const attribute of flagAttributes) {
    const flag = draft.flags[attribute];
    if (allowed(attribute) && (flag === 'yes' || flag === 'no')) {
      rules.push({ attribute, equals: flag === 'yes' });
    }
  }
  if (allowed('age') && (draft.ageMin !== null || draft.ageMax !== null)) {
    rules.push({
      attribute: 'age',
      ...(draft.ageMin !== null ? { min: draft.ageMin } : {}),
      ...(draft.ageMax !== null ? { max: draft.ageMax } : {}),
    });
  }
  if (allowed('assuranceLevel') && draft.atLeast !== 'any') {
    rules.push({ attribute: 'assuranceLevel', atLeast: draft.atLeast });
  }
  return {
    name: draft.name.trim(),
    nameEn: draft.nameEn.trim() || null,
    rules,
    fields: draft.fields.filter(
      (f): f is HolderField =>
        limits.allowedFields.includes(f) && (holderFields as string[]).includes(f),
    ),
  };
}
