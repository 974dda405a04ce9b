import { describe, expect, it } from 'vitest';
import { isValidIdNumber, isValidMobile, maskIdNumber, maskPhone } from './masking.ts';

describe('personal data masking', () => {
  it('masks an ID number to its region prefix and last four', () => {
    expect(maskIdNumber('31010119900307123X')).toBe('310101********123X');
  });
  it('masks a mobile number to its prefix and last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('leaves missing values missing', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber(null)).toBeNull();
  });
  it('checks the GB 11643 check digit', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('1101051949')).toBe(false);
  });
  it('accepts mainland mobile numbers only', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
  });
});
