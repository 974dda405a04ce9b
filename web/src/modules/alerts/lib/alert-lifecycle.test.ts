import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/problem';
import type { Alert } from '../api/alerts-api';
import { actionsFor, actorsOf, conflictOf, lifecycleOf, replaceAlert } from './alert-lifecycle';

function alert(change: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    ruleId: 'r1',
    ruleName: '水位超限',
    severity: 'major',
    status: 'active',
    deviceId: 'd1',
    deviceName: 'WL-000001',
    productId: 'water-level',
    gridId: null,
    streetId: null,
    districtId: null,
    location: null,
    reason: 'level 6 > 5',
    raisedAt: '2026-11-22T01:00:00Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    clearedAt: null,
    clearedBy: null,
    closedAt: null,
    closedBy: null,
    note: null,
    incidentId: null,
    departmentId: null,
    departmentName: null,
    departmentNameEn: null,
    version: 1,
    ...change,
  };
}

describe('alert actions', () => {
  it('offer only the moves the server accepts', () => {
    expect(actionsFor('active')).toEqual(['acknowledge', 'clear']);
    expect(actionsFor('acknowledged')).toEqual(['clear']);
    expect(actionsFor('cleared')).toEqual(['close']);
    expect(actionsFor('closed')).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('shows every step of an active alert, the later ones still to come', () => {
    expect(lifecycleOf(alert()).map((s) => [s.step, s.done])).toEqual([
      ['raised', true],
      ['acknowledged', false],
      ['cleared', false],
      ['closed', false],
    ]);
  });

  it('says who did what and when', () => {
    const closed = alert({
      status: 'closed',
      acknowledgedAt: '2026-11-22T01:05:00Z',
      acknowledgedBy: 'u1',
      clearedAt: '2026-11-22T02:00:00Z',
      clearedBy: 'u2',
      closedAt: '2026-11-22T03:00:00Z',
      closedBy: 'u1',
    });
    expect(lifecycleOf(closed)).toEqual([
      { step: 'raised', at: '2026-11-22T01:00:00Z', by: null, done: true },
      { step: 'acknowledged', at: '2026-11-22T01:05:00Z', by: 'u1', done: true },
      { step: 'cleared', at: '2026-11-22T02:00:00Z', by: 'u2', done: true },
      { step: 'closed', at: '2026-11-22T03:00:00Z', by: 'u1', done: true },
    ]);
    expect(actorsOf(closed)).toEqual(['u1', 'u2']);
  });

  it('shows the system, and looks up no account, when a normal reading cleared the alert', () => {
    const cleared = alert({
      status: 'closed',
      clearedAt: '2026-11-22T02:00:00Z',
      clearedBy: 'system',
      closedAt: '2026-11-22T03:00:00Z',
      closedBy: 'u1',
    });
    expect(lifecycleOf(cleared).find((s) => s.step === 'cleared')).toEqual({
      step: 'cleared',
      at: '2026-11-22T02:00:00Z',
      by: null,
      done: true,
    });
    expect(actorsOf(cleared)).toEqual(['u1']);
  });

  it('skips acknowledging when the alert was cleared straight away', () => {
    const cleared = alert({
      status: 'cleared',
      clearedAt: '2026-11-22T02:00:00Z',
      clearedBy: 'u2',
    });
    expect(lifecycleOf(cleared).map((s) => s.step)).toEqual(['raised', 'cleared', 'closed']);
  });
});

describe('conflicts', () => {
  it('recognise a version conflict and the status the alert has now', () => {
    const error = new ApiError(
      { status: 409, code: 'version_conflict', currentStatus: 'acknowledged', currentVersion: 2 },
      'x',
    );
    expect(conflictOf(error)).toEqual({ kind: 'version_conflict', currentStatus: 'acknowledged' });
  });

  it('recognise a move the alert is past', () => {
    const error = new ApiError({ status: 409, code: 'invalid_transition' }, 'x');
    expect(conflictOf(error)).toEqual({ kind: 'invalid_transition', currentStatus: null });
  });

  it('leave every other failure alone', () => {
    expect(conflictOf(new ApiError({ status: 403, code: 'forbidden' }, 'x'))).toBeNull();
    expect(conflictOf(new Error('boom'))).toBeNull();
  });
});

describe('replaceAlert', () => {
  it('swaps in the server answer for the same alert only', () => {
    const list = [alert(), alert({ id: 'a2' })];
    const next = replaceAlert(list, alert({ status: 'acknowledged', version: 2 }));
    expect(next.map((a) => [a.id, a.status])).toEqual([
      ['a1', 'acknowledged'],
      ['a2', 'active'],
    ]);
    expect(list[0]?.status).toBe('active');
  });
});
