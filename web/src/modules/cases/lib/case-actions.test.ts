import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../api/cases-api';
import {
  allows,
  draftProblems,
  needsOf,
  orderActions,
  rowActions,
  transitionBody,
} from './case-actions';

type State = Pick<CaseSummary, 'stage' | 'suspended' | 'extensionRequest'>;
const at = (stage: State['stage'], more: Partial<State> = {}): State => ({
  stage,
  suspended: false,
  extensionRequest: null,
  ...more,
});

describe('which buttons a row offers', () => {
  it('follows the loop stage by stage', () => {
    expect(rowActions('accept', at('collected'))).toEqual(['register', 'reject', 'merge']);
    expect(rowActions('dispatch', at('registered'))).toEqual(['dispatch', 'suspend']);
    expect(rowActions('department', at('dispatched'))).toEqual([
      'accept',
      'request_extension',
      'return',
    ]);
    expect(rowActions('department', at('handling'))).toEqual([
      'report_back',
      'request_extension',
      'return',
    ]);
    expect(rowActions('dispatch', at('reported_back'))).toEqual([
      'request_verification',
      'suspend',
    ]);
    expect(rowActions('verify', at('verifying'))).toEqual(['verify', 'fail_verification']);
    expect(rowActions('close', at('verified'))).toEqual(['close']);
  });

  it('offers the extension decision only while a request is pending, and no second request', () => {
    const pending = at('handling', { extensionRequest: { hours: 8, reason: '材料未到' } });
    expect(rowActions('dispatch', pending)).toEqual([
      'approve_extension',
      'deny_extension',
      'suspend',
    ]);
    expect(allows(pending, 'request_extension')).toBe(false);
    expect(allows(at('handling'), 'approve_extension')).toBe(false);
  });

  it('lets a suspended case only be resumed, supervised or escalated', () => {
    const suspended = at('registered', { suspended: true });
    expect(rowActions('dispatch', suspended)).toEqual(['resume']);
    expect(allows(suspended, 'supervise')).toBe(true);
    expect(allows(suspended, 'escalate')).toBe(true);
    expect(allows(at('registered'), 'resume')).toBe(false);
  });

  it('orders the detail page’s buttons along the loop', () => {
    expect(orderActions(['suspend', 'dispatch', 'merge', 'supervise'])).toEqual([
      'merge',
      'dispatch',
      'suspend',
      'supervise',
    ]);
  });
});

describe('what an action asks for', () => {
  it('knows the notes and photos the server requires', () => {
    expect(needsOf('reject').note).toBe('required');
    expect(needsOf('register').note).toBe('optional');
    expect(needsOf('report_back').photo).toBe('required');
    expect(needsOf('verify').photo).toBe('required');
    expect(needsOf('fail_verification').photo).toBe('optional');
    expect(needsOf('close').photo).toBe('none');
    expect(needsOf('dispatch').department).toBe(true);
    expect(needsOf('merge').masterCase).toBe(true);
    expect(needsOf('request_extension').extensionHours).toBe(true);
  });

  it('lists what is missing from a draft', () => {
    const empty = { note: '  ', photoIds: [] };
    expect(draftProblems('reject', empty)).toEqual(['note']);
    expect(draftProblems('report_back', empty)).toEqual(['photo']);
    expect(draftProblems('merge', empty)).toEqual(['masterCase']);
    expect(draftProblems('request_extension', { ...empty, extensionHours: 0 })).toEqual([
      'note',
      'extensionHours',
    ]);
    expect(draftProblems('register', empty)).toEqual([]);
  });

  it('sends only the fields the action uses', () => {
    const draft = {
      note: ' 已覆盖防尘网 ',
      photoIds: ['p1'],
      departmentId: '310101.sthj',
      keepInGrid: false,
      masterCaseId: 'm1',
      extensionHours: 8,
    };
    expect(transitionBody('report_back', 4, draft)).toEqual({
      action: 'report_back',
      expectedVersion: 4,
      note: '已覆盖防尘网',
      photoIds: ['p1'],
    });
    expect(transitionBody('dispatch', 2, { note: '', photoIds: [], departmentId: 'd' })).toEqual({
      action: 'dispatch',
      expectedVersion: 2,
      departmentId: 'd',
    });
    expect(
      transitionBody('dispatch', 2, {
        note: '',
        photoIds: [],
        departmentId: 'd',
        keepInGrid: true,
      }),
    ).toEqual({ action: 'dispatch', expectedVersion: 2, keepInGrid: true });
    expect(transitionBody('dispatch', 2, { note: '', photoIds: [] })).toEqual({
      action: 'dispatch',
      expectedVersion: 2,
    });
    expect(transitionBody('merge', 1, { note: '', photoIds: [], masterCaseId: 'm' })).toEqual({
      action: 'merge',
      expectedVersion: 1,
      masterCaseId: 'm',
    });
  });
});
