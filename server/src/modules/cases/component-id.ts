/**
 * GB/T 30428 component identifiers: 16 digits =
 * 6-digit county code (GB/T 2260, e.g. 310101 黄浦区) + 2-digit big class + 2-digit small
 * class + 6-digit serial number within the county and class.
 */
export interface ComponentIdParts {
  countyCode: string;
  bigCode: string;
  smallCode: string;
  serial: number;
}

const pattern = /^(\d{6})(\d{2})(\d{2})(\d{6})$/;

export function buildComponentId(parts: ComponentIdParts): string {
  const problem = componentPartsProblem(parts);
  if (problem) throw new RangeError(problem);
  return `${parts.countyCode}${parts.bigCode}${parts.smallCode}${String(parts.serial).padStart(6, '0')}`;
}

/** The parts of a valid identifier, or null. */
export function parseComponentId(id: string): ComponentIdParts | null {
  const match = pattern.exec(id);
  if (!match) return null;
  const parts = {
    countyCode: match[1] as string,
    bigCode: match[2] as string,
    smallCode: match[3] as string,
    serial: Number(match[4]),
  };
  return componentPartsProblem(parts) ? null : parts;
}

export function isValidComponentId(id: string): boolean {
  return parseComponentId(id) !== null;
}

function componentPartsProblem(parts: ComponentIdParts): string | null {
  // GB/T 2260 province codes run from 11 (北京) to 82 (澳门); the county part is never 00.
  if (!/^\d{6}$/.test(parts.countyCode)) return 'county code must be 6 digits';
  const province = Number(parts.countyCode.slice(0, 2));
  if (province < 11 || province > 82) return `county code ${parts.countyCode} has no province`;
  if (parts.countyCode.endsWith('00')) return `${parts.countyCode} is not a county-level code`;
  if (!/^(0[1-9]|[1-9]\d)$/.test(parts.bigCode)) return 'big class must be 01–99';
  if (!/^(0[1-9]|[1-9]\d)$/.test(parts.smallCode)) return 'small class must be 01–99';
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > 999_999) {
    return 'serial must be 1–999999';
  }
  return null;
}
