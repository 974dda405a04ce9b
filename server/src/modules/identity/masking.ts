/**
 * Personal data shown in lists, responses and logs is masked the way Chinese government
 * systems print it: an ID number keeps its region prefix and last four characters
 * (310101********1234), a mobile number its carrier prefix and last four (138****5678).
 */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return value;
  if (value.length <= 10)
    return `${value.slice(0, 2)}${'*'.repeat(Math.max(0, value.length - 4))}${value.slice(-2)}`;
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

export function maskPhone(value: string | null): string | null {
  if (!value) return value;
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** GB 11643 resident ID: 17 digits + check character computed with ISO 7064 MOD 11-2. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return '10X98765432'[sum % 11] === value[17];
}

export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}
