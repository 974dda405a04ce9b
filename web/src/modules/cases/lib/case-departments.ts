import type { Department } from '../api/cases-api';

export interface DepartmentGroups {
  district: Department[];
  city: Department[];
}

/** A GB/T 2260 province-level code (310000): the city's own bureaus sit there. */
const isCityCode = (regionId: string) => /^[0-9]{2}0000$/.test(regionId);

/**
 * Where a case in a district may be sent: that district's bureaus first, then the city's.
 * Other districts' bureaus are left out; the server would refuse them anyway.
 */
export function dispatchTargets(
  departments: Iterable<Department>,
  districtId: string,
): DepartmentGroups {
  const groups: DepartmentGroups = { district: [], city: [] };
  for (const d of departments) {
    if (d.regionId === districtId) groups.district.push(d);
    else if (isCityCode(d.regionId)) groups.city.push(d);
  }
  const byCode = (a: Department, b: Department) => a.code.localeCompare(b.code);
  groups.district.sort(byCode);
  groups.city.sort(byCode);
  return groups;
}
