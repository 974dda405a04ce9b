/** The issue-a-key form: what an administrator types, checked before it is sent. */
export interface KeyDraft {
  name: string;
  contact: string;
  /** Empty: the server's default rate. */
  ratePerMinute: string;
}

export type KeyProblem = 'name.required' | 'contact.required' | 'rate.invalid';

export const emptyKeyDraft: KeyDraft = { name: '', contact: '', ratePerMinute: '' };

export function keyDraftProblems(draft: KeyDraft): KeyProblem[] {
  const problems: KeyProblem[] = [];
  if (!draft.name.trim()) problems.push('name.required');
  if (!draft.contact.trim()) problems.push('contact.required');
  const rate = draft.ratePerMinute.trim();
  if (rate && !(/^\d+$/.test(rate) && Number(rate) >= 1 && Number(rate) <= 100_000)) {
    problems.push('rate.invalid');
  }
  return problems;
}

export function keyDraftToBody(draft: KeyDraft) {
  const rate = draft.ratePerMinute.trim();
  return {
    name: draft.name.trim(),
    contact: draft.contact.trim(),
    ...(rate ? { ratePerMinute: Number(rate) } : {}),
  };
}

/** How recently a key was used, for the list: never, within the hour, today, or idle. */
export function keyLiveness(
  lastUsedAt: string | null,
  now = Date.now(),
): 'never' | 'hour' | 'day' | 'idle' {
  if (!lastUsedAt) return 'never';
  const age = now - Date.parse(lastUsedAt);
  if (age < 3600_000) return 'hour';
  if (age < 86_400_000) return 'day';
  return 'idle';
}
