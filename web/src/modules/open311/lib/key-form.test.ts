import { describe, expect, it } from 'vitest';
import { emptyKeyDraft, keyDraftProblems, keyDraftToBody, keyLiveness } from './key-form';

describe('the issue-a-key form', () => {
  it('needs a name and a contact, and a rate from 1 to 100000 when one is given', () => {
    expect(keyDraftProblems(emptyKeyDraft)).toEqual(['name.required', 'contact.required']);
    const draft = { name: ' 随申拍 ', contact: 'dev@example.org', ratePerMinute: '' };
    expect(keyDraftProblems(draft)).toEqual([]);
    expect(keyDraftProblems({ ...draft, ratePerMinute: '0' })).toEqual(['rate.invalid']);
    expect(keyDraftProblems({ ...draft, ratePerMinute: '1.5' })).toEqual(['rate.invalid']);
    expect(keyDraftProblems({ ...draft, ratePerMinute: '120' })).toEqual([]);
  });

  it('sends trimmed text and leaves the rate out when empty (the server default)', () => {
    const draft = { name: ' 随申拍 ', contact: ' dev@example.org ', ratePerMinute: '' };
    expect(keyDraftToBody(draft)).toEqual({ name: '随申拍', contact: 'dev@example.org' });
    expect(keyDraftToBody({ ...draft, ratePerMinute: '120' })).toMatchObject({
      ratePerMinute: 120,
    });
  });
});

describe('key liveness', () => {
  it('says never, within the hour, today or idle', () => {
    const now = Date.parse('2026-12-02T08:00:00Z');
    expect(keyLiveness(null, now)).toBe('never');
    expect(keyLiveness('2026-12-02T07:30:00Z', now)).toBe('hour');
    expect(keyLiveness('2026-12-01T09:00:00Z', now)).toBe('day');
    expect(keyLiveness('2026-11-20T09:00:00Z', now)).toBe('idle');
  });
});
