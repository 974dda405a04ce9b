import type { CaseAction, CaseStage, CaseSummary } from '../api/cases-api';
import type { CaseTab } from './case-filters';

/** What an action asks of the person taking it (server: case-workflow.ts `requires`). */
export interface ActionNeeds {
  /** A note must be written (it is shown on the timeline, and to the reporter when closing). */
  note: 'required' | 'optional';
  /** On-site photos: required as proof, optional where they help, or not offered. */
  photo: 'required' | 'optional' | 'none';
  department: boolean;
  masterCase: boolean;
  extensionHours: boolean;
}

interface ActionRule {
  from: readonly CaseStage[];
  needs: Partial<ActionNeeds>;
  /** Shown as a danger button and confirmed: it ends or reverses work. */
  danger?: boolean;
  whileSuspended?: boolean;
  extension?: 'pending' | 'none';
  onlySuspended?: boolean;
}

const beforeClose: CaseStage[] = [
  'registered',
  'dispatched',
  'handling',
  'reported_back',
  'verifying',
  'verified',
];
const assigned: CaseStage[] = ['dispatched', 'handling'];

/**
 * The server's state machine as the buttons need it. The server stays the judge (role,
 * region, version); this only decides which buttons a row offers and what each one asks for.
 */
export const ACTION_RULES: Readonly<Record<CaseAction, ActionRule>> = {
  register: { from: ['collected'], needs: {} },
  reject: { from: ['collected'], needs: { note: 'required' }, danger: true },
  merge: { from: ['collected', 'registered'], needs: { masterCase: true } },
  dispatch: { from: ['registered'], needs: { department: true } },
  accept: { from: ['dispatched'], needs: {} },
  return: { from: assigned, needs: { note: 'required' }, danger: true },
  report_back: { from: ['handling'], needs: { photo: 'required' } },
  request_verification: { from: ['reported_back'], needs: {} },
  verify: { from: ['verifying'], needs: { photo: 'required' } },
  fail_verification: {
    from: ['verifying'],
    needs: { note: 'required', photo: 'optional' },
    danger: true,
  },
  close: { from: ['verified'], needs: {} },
  reopen: { from: ['closed', 'rejected'], needs: { note: 'required' } },
  request_extension: {
    from: assigned,
    needs: { note: 'required', extensionHours: true },
    extension: 'none',
  },
  approve_extension: { from: assigned, needs: {}, extension: 'pending' },
  deny_extension: {
    from: assigned,
    needs: { note: 'required' },
    extension: 'pending',
    danger: true,
  },
  suspend: { from: beforeClose, needs: { note: 'required' } },
  resume: { from: beforeClose, needs: {}, whileSuspended: true, onlySuspended: true },
  supervise: {
    from: ['collected', ...beforeClose],
    needs: { note: 'required' },
    whileSuspended: true,
  },
  escalate: { from: beforeClose, needs: { note: 'required' }, whileSuspended: true },
};

export const CASE_ACTIONS = Object.keys(ACTION_RULES) as CaseAction[];

export function needsOf(action: CaseAction): ActionNeeds {
  const { needs } = ACTION_RULES[action];
  return {
    note: needs.note ?? 'optional',
    photo: needs.photo ?? 'none',
    department: needs.department ?? false,
    masterCase: needs.masterCase ?? false,
    extensionHours: needs.extensionHours ?? false,
  };
}

export function isDanger(action: CaseAction): boolean {
  return ACTION_RULES[action].danger ?? false;
}

type CaseState = Pick<CaseSummary, 'stage' | 'suspended' | 'extensionRequest'>;

/** Whether the case's stage and flags allow the action now (the detail's availableActions, for list rows). */
export function allows(state: CaseState, action: CaseAction): boolean {
  const rule = ACTION_RULES[action];
  if (!rule.from.includes(state.stage)) return false;
  if (state.suspended && !rule.whileSuspended) return false;
  if (rule.onlySuspended && !state.suspended) return false;
  const pending = state.extensionRequest !== null;
  if (rule.extension === 'pending' && !pending) return false;
  if (rule.extension === 'none' && pending) return false;
  return true;
}

/** The buttons each queue's rows offer, in the order a person would take them. */
export const TAB_ACTIONS: Readonly<Record<CaseTab, readonly CaseAction[]>> = {
  accept: ['register', 'reject', 'merge'],
  dispatch: [
    'dispatch',
    'request_verification',
    'approve_extension',
    'deny_extension',
    'suspend',
    'resume',
  ],
  department: ['accept', 'report_back', 'request_extension', 'return'],
  verify: ['verify', 'fail_verification'],
  close: ['close'],
  all: [],
};

export function rowActions(tab: CaseTab, state: CaseState): CaseAction[] {
  return TAB_ACTIONS[tab].filter((action) => allows(state, action));
}

/** Transitions in the order the detail page lays its buttons out: the loop first, then the side ways. */
export function orderActions(actions: readonly CaseAction[]): CaseAction[] {
  return CASE_ACTIONS.filter((action) => actions.includes(action));
}

export interface ActionDraft {
  note: string;
  photoIds: readonly string[];
  departmentId?: string | undefined;
  keepInGrid?: boolean;
  masterCaseId?: string | undefined;
  extensionHours?: number | null | undefined;
}

export type DraftProblem = 'note' | 'photo' | 'department' | 'masterCase' | 'extensionHours';

/** What is still missing before the action can be sent; the server checks the same. */
export function draftProblems(action: CaseAction, draft: ActionDraft): DraftProblem[] {
  const needs = needsOf(action);
  const problems: DraftProblem[] = [];
  if (needs.note === 'required' && !draft.note.trim()) problems.push('note');
  if (needs.photo === 'required' && draft.photoIds.length === 0) problems.push('photo');
  if (needs.masterCase && !draft.masterCaseId) problems.push('masterCase');
  if (needs.extensionHours && !(draft.extensionHours && draft.extensionHours > 0)) {
    problems.push('extensionHours');
  }
  return problems;
}

/** The transition body for a draft: only the fields the action uses. */
export function transitionBody(action: CaseAction, version: number, draft: ActionDraft) {
  const needs = needsOf(action);
  const note = draft.note.trim();
  return {
    action,
    expectedVersion: version,
    ...(note ? { note } : {}),
    ...(draft.photoIds.length > 0 ? { photoIds: [...draft.photoIds] } : {}),
    ...(needs.department && draft.keepInGrid ? { keepInGrid: true } : {}),
    ...(needs.department && !draft.keepInGrid && draft.departmentId
      ? { departmentId: draft.departmentId }
      : {}),
    ...(needs.masterCase && draft.masterCaseId ? { masterCaseId: draft.masterCaseId } : {}),
    ...(needs.extensionHours && draft.extensionHours
      ? { extensionHours: draft.extensionHours }
      : {}),
  };
}
