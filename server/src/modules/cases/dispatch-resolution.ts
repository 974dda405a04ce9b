import type { DepartmentSummary } from './department-directory.ts';

export type Assignment =
  | { kind: 'department'; departmentId: string; ruleId: string | null }
  | { kind: 'grid'; gridId: string; ruleId: string | null };

export interface ResolvableRule {
  id: string;
  regionId: string;
  target: 'department_code' | 'department' | 'grid';
  departmentCode: string | null;
  departmentId: string | null;
}

export interface ResolutionInput {
  departmentCode: string;
  keepInGrid: boolean;
  /** This class's rules. */
  rules: readonly ResolvableRule[];
  /** The case's regions from the grid up: grid, street, district, city. */
  chain: readonly string[];
  gridId: string;
  districtId: string;
  cityId: string;
  departments: {
    get(id: string): DepartmentSummary | null;
    inRegion(regionId: string, code: string): DepartmentSummary | null;
  };
}

/**
 * Who handles a case of a class at a place: the rule of the deepest region containing the
 * case, else the class's default (keep in the grid, or its kind of department). A department
 * kind resolves to the district's bureau, or the city's when the district has none. Null
 * when nothing resolves (the dispatcher then names a department).
 */
export function resolveAssignment(input: ResolutionInput): Assignment | null {
  const byRegion = new Map(input.rules.map((r) => [r.regionId, r]));
  for (const regionId of input.chain) {
    const rule = byRegion.get(regionId);
    if (!rule) continue;
    const assigned = fromTarget(input, rule, rule.id);
    if (assigned) return assigned;
  }
  if (input.keepInGrid) return { kind: 'grid', gridId: input.gridId, ruleId: null };
  return byCode(input, input.departmentCode, null);
}

function fromTarget(input: ResolutionInput, rule: ResolvableRule, ruleId: string) {
  switch (rule.target) {
    case 'grid':
      return { kind: 'grid' as const, gridId: input.gridId, ruleId };
    case 'department':
      return rule.departmentId && input.departments.get(rule.departmentId)
        ? { kind: 'department' as const, departmentId: rule.departmentId, ruleId }
        : null;
    case 'department_code':
      return rule.departmentCode ? byCode(input, rule.departmentCode, ruleId) : null;
  }
}

function byCode(input: ResolutionInput, code: string, ruleId: string | null): Assignment | null {
  const department =
    input.departments.inRegion(input.districtId, code) ??
    input.departments.inRegion(input.cityId, code);
  return department ? { kind: 'department', departmentId: department.id, ruleId } : null;
}
