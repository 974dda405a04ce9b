import { describe, expect, it } from 'vitest';
import {
  availableActions,
  caseActions,
  caseStages,
  checkTransition,
  deadlineStageOf,
  finalStages,
  nextLevel,
  transitions,
  type CaseAction,
  type CaseStage,
  type TransitionRule,
} from './case-workflow.ts';

const state = (
  stage: CaseStage,
  extra: { suspended?: boolean; extensionPending?: boolean } = {},
) => ({
  stage,
  suspended: extra.suspended ?? false,
  extensionPending: extra.extensionPending ?? false,
});
const input = { note: 'ok', photoCount: 1, masterCaseId: 'm', extensionHours: 4 };
const allowed = (stage: CaseStage, action: CaseAction, extra = {}) =>
  'rule' in checkTransition(state(stage, extra), action, input);

describe('the case state machine', () => {
  it('walks the closed loop collect → register → dispatch → handle → report back → verify → close', () => {
    const path: Array<[CaseAction, CaseStage]> = [
      ['register', 'registered'],
      ['dispatch', 'dispatched'],
      ['accept', 'handling'],
      ['report_back', 'reported_back'],
      ['request_verification', 'verifying'],
      ['verify', 'verified'],
      ['close', 'closed'],
    ];
    let stage: CaseStage = 'collected';
    for (const [action, next] of path) {
      const verdict = checkTransition(state(stage), action, input);
      expect(verdict).toHaveProperty('rule');
      const rule = (verdict as { rule: TransitionRule }).rule;
      expect(rule.to).toBe(next);
      stage = next;
    }
  });

  it('refuses an action from a stage the table does not list, with 409 invalid_transition', () => {
    const verdict = checkTransition(state('collected'), 'dispatch', input);
    expect(verdict).toEqual({
      refusal: expect.objectContaining({ code: 'invalid_transition', status: 409 }),
    });
    expect(allowed('closed', 'close')).toBe(false);
    expect(allowed('handling', 'register')).toBe(false);
  });

  it('every action names a permission, a scope and an event in cases.case.*', () => {
    for (const action of caseActions) {
      const rule: TransitionRule = transitions[action];
      expect(rule.permission).toMatch(/^cases\./);
      expect(rule.event).toMatch(/^cases\.case\.[a-zA-Z]+$/);
      expect(rule.from.length).toBeGreaterThan(0);
    }
  });

  it('lets nothing but reopen leave closed and rejected, and nothing leave merged', () => {
    for (const stage of finalStages) {
      const leaving = caseActions.filter((a) => allowed(stage, a));
      expect(leaving).toEqual(stage === 'merged' ? [] : ['reopen']);
    }
  });

  it('asks for what an action needs: a note to reject or return, a photo to report back and to verify', () => {
    expect(checkTransition(state('collected'), 'reject', { photoCount: 0 })).toEqual({
      refusal: expect.objectContaining({ code: 'note_required', status: 422 }),
    });
    expect(checkTransition(state('handling'), 'report_back', { photoCount: 0 })).toEqual({
      refusal: expect.objectContaining({ code: 'photo_required', status: 422 }),
    });
    expect(checkTransition(state('verifying'), 'verify', { photoCount: 0 })).toEqual({
      refusal: expect.objectContaining({ code: 'photo_required' }),
    });
    expect(checkTransition(state('collected'), 'merge', { photoCount: 0 })).toEqual({
      refusal: expect.objectContaining({ code: 'master_case_required' }),
    });
  });

  it('handles extensions: one request at a time, approval only when one is pending', () => {
    expect(allowed('handling', 'request_extension')).toBe(true);
    expect(allowed('handling', 'request_extension', { extensionPending: true })).toBe(false);
    expect(allowed('handling', 'approve_extension')).toBe(false);
    expect(allowed('handling', 'approve_extension', { extensionPending: true })).toBe(true);
    expect(
      checkTransition(state('handling'), 'request_extension', { note: 'x', photoCount: 0 }),
    ).toEqual({ refusal: expect.objectContaining({ code: 'extension_hours_required' }) });
  });

  it('freezes a suspended case except for resume, supervision and escalation', () => {
    const open = caseActions.filter((a) => allowed('handling', a, { suspended: true }));
    expect(open.sort()).toEqual(['escalate', 'resume', 'supervise']);
    expect(checkTransition(state('handling', { suspended: true }), 'report_back', input)).toEqual({
      refusal: expect.objectContaining({ code: 'case_suspended', status: 409 }),
    });
    expect(allowed('handling', 'resume')).toBe(false);
  });

  it('offers the UI the buttons of the moment, never the platform’s own action', () => {
    expect(availableActions(state('collected'))).toEqual([
      'register',
      'reject',
      'merge',
      'supervise',
    ]);
    expect(availableActions(state('registered'))).not.toContain('alert_cleared_close');
    for (const stage of caseStages) {
      for (const action of availableActions(state(stage)))
        expect(allowed(stage, action)).toBe(true);
    }
  });

  it('maps stages to the deadline they run against and levels to the next one up', () => {
    expect(deadlineStageOf('registered')).toBe('dispatch');
    expect(deadlineStageOf('handling')).toBe('handle');
    expect(deadlineStageOf('verifying')).toBe('verify');
    expect(deadlineStageOf('closed')).toBeNull();
    expect(nextLevel('grid')).toBe('street');
    expect(nextLevel('district')).toBe('city');
    expect(nextLevel('city')).toBeNull();
  });
});
