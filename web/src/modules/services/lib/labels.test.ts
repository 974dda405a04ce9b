import { describe, expect, it } from 'vitest';
import { deadlineState, progressIndex } from './labels';

describe('labels', () => {
  it('places an application on the applicant’s four stages', () => {
    expect(progressIndex('draft')).toBe(0);
    expect(progressIndex('supplement_requested')).toBe(0);
    expect(progressIndex('accepted')).toBe(1);
    expect(progressIndex('in_review')).toBe(2);
    expect(progressIndex('approved')).toBe(3);
    expect(progressIndex('delivered')).toBe(3);
  });

  it('tells overdue, near and open tasks apart, and ignores decided ones', () => {
    const open = {
      status: 'pending' as const,
      overdue: false,
      deadlineNear: false,
      deadlineAt: '2026-03-18T09:30:00Z',
    };
    expect(deadlineState(open)).toBe('open');
    expect(deadlineState({ ...open, deadlineNear: true })).toBe('near');
    expect(deadlineState({ ...open, overdue: true, deadlineNear: true })).toBe('overdue');
    expect(deadlineState({ ...open, status: 'approved', overdue: true })).toBe('none');
    expect(deadlineState({ ...open, status: 'waiting', deadlineAt: null })).toBe('none');
  });
});
