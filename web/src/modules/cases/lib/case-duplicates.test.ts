import { describe, expect, it } from 'vitest';
import type { PossibleDuplicate } from '../api/cases-api';
import { duplicateList, formatDistance, suggestedMaster } from './case-duplicates';

const dup = (id: string, distanceMeters: number, stage = 'collected'): PossibleDuplicate => ({
  id,
  number: `HP-${id}`,
  stage,
  distanceMeters,
  description: '电瓶车乱停',
  createdAt: '2026-11-22T01:00:00Z',
});

describe('possible duplicates', () => {
  it('come nearest first, without the case itself or repeats', () => {
    const list = duplicateList(
      [dup('b', 40), dup('self', 0), dup('a', 22.2), dup('b', 40)],
      'self',
    );
    expect(list.map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('suggest the nearest one that can still take a merge', () => {
    expect(suggestedMaster([dup('a', 5, 'closed'), dup('b', 30, 'registered')])?.id).toBe('b');
    expect(suggestedMaster([dup('a', 5, 'merged')])).toBeNull();
    expect(suggestedMaster([])).toBeNull();
  });

  it('read as metres, or kilometres beyond one', () => {
    expect(formatDistance(22.2)).toBe('22 m');
    expect(formatDistance(1250)).toBe('1.3 km');
    expect(formatDistance(-1)).toBe('');
  });
});
