/**
 * The case loop as one explicit state machine (GB/T 30428 信息采集 → 立案 → 派遣 → 处置 →
 * 反馈 → 核查 → 结案, plus 退回, 不予立案, 延期, 挂账, 重新打开, 督办). Each action says
 * from which stages it may be taken, where it leads, which permission it needs and how the
 * actor's scope is checked. The workflow service does the writing; this file decides.
 */

export const caseStages = [
  'collected',
  'registered',
  'rejected',
  'dispatched',
  'handling',
  'reported_back',
  'verifying',
  'verified',
  'closed',
  'merged',
] as const;
export type CaseStage = (typeof caseStages)[number];

/** Stages a case never leaves on its own; only `reopen` brings closed and rejected back. */
export const finalStages: readonly CaseStage[] = ['rejected', 'closed', 'merged'];
export const openStages: readonly CaseStage[] = caseStages.filter((s) => !finalStages.includes(s));

export const casePriorities = ['urgent', 'important', 'normal'] as const;
export type CasePriority = (typeof casePriorities)[number];

export const caseSources = [
  'grid_worker',
  'iot_alert',
  'hotline_12345',
  'citizen',
  'open311',
] as const;
export type CaseSource = (typeof caseSources)[number];

/** Who supervises a case: it climbs one level each time a deadline is missed. */
export const escalationLevels = ['grid', 'street', 'district', 'city'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export function nextLevel(level: EscalationLevel): EscalationLevel | null {
  return escalationLevels[escalationLevels.indexOf(level) + 1] ?? null;
}

export function levelRank(level: EscalationLevel): number {
  return escalationLevels.indexOf(level);
}

/**
 * How the actor's scope is checked, beyond holding a role for the permission:
 * - `case_region`: a grant whose region contains the case's grid;
 * - `assignee`: a handler of the assigned department (within the case's region), or a grid
 *   worker of the case's grid when the case is kept in the grid;
 * - `higher_level`: a commander above the grid, at or above the case's current supervising level.
 */
export type ScopeRule = 'case_region' | 'assignee' | 'higher_level';

export type Requirement =
  | 'note'
  | 'photo'
  | 'master_case'
  | 'extension_hours'
  | 'pending_extension'
  | 'no_pending_extension'
  | 'suspended';

export interface TransitionRule {
  label: string;
  from: readonly CaseStage[];
  /** `same`: the stage stays, a flag or a deadline changes. */
  to: CaseStage | 'same';
  permission: string;
  scope: ScopeRule;
  requires: readonly Requirement[];
  /** Transitions refuse a suspended (挂账) case unless they say otherwise. */
  whileSuspended?: boolean;
  event: `cases.case.${string}`;
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

export const transitions = {
  register: {
    label: '立案',
    from: ['collected'],
    to: 'registered',
    permission: 'cases.register',
    scope: 'case_region',
    requires: [],
    event: 'cases.case.registered',
  },
  reject: {
    label: '不予立案',
    from: ['collected'],
    to: 'rejected',
    permission: 'cases.register',
    scope: 'case_region',
    requires: ['note'],
    event: 'cases.case.rejected',
  },
  merge: {
    label: '合并',
    from: ['collected', 'registered'],
    to: 'merged',
    permission: 'cases.register',
    scope: 'case_region',
    requires: ['master_case'],
    event: 'cases.case.merged',
  },
  dispatch: {
    label: '派遣',
    from: ['registered'],
    to: 'dispatched',
    permission: 'cases.dispatch',
    scope: 'case_region',
    requires: [],
    event: 'cases.case.dispatched',
  },
  accept: {
    label: '签收',
    from: ['dispatched'],
    to: 'handling',
    permission: 'cases.handle',
    scope: 'assignee',
    requires: [],
    event: 'cases.case.accepted',
  },
  return: {
    label: '退回',
    from: assigned,
    to: 'registered',
    permission: 'cases.handle',
    scope: 'assignee',
    requires: ['note'],
    event: 'cases.case.returned',
  },
  report_back: {
    label: '处置反馈',
    from: ['handling'],
    to: 'reported_back',
    permission: 'cases.handle',
    scope: 'assignee',
    requires: ['photo'],
    event: 'cases.case.handled',
  },
  request_verification: {
    label: '派发核查',
    from: ['reported_back'],
    to: 'verifying',
    permission: 'cases.close',
    scope: 'case_region',
    requires: [],
    event: 'cases.case.verificationRequested',
  },
  verify: {
    label: '核查通过',
    from: ['verifying'],
    to: 'verified',
    permission: 'cases.verify',
    scope: 'case_region',
    requires: ['photo'],
    event: 'cases.case.verified',
  },
  fail_verification: {
    label: '核查不通过（返工）',
    from: ['verifying'],
    to: 'handling',
    permission: 'cases.verify',
    scope: 'case_region',
    requires: ['note'],
    event: 'cases.case.reworkRequired',
  },
  close: {
    label: '结案',
    from: ['verified'],
    to: 'closed',
    permission: 'cases.close',
    scope: 'case_region',
    requires: [],
    event: 'cases.case.closed',
  },
  reopen: {
    label: '重新打开',
    from: ['closed', 'rejected'],
    to: 'registered',
    permission: 'cases.reopen',
    scope: 'case_region',
    requires: ['note'],
    event: 'cases.case.reopened',
  },
  request_extension: {
    label: '延期申请',
    from: assigned,
    to: 'same',
    permission: 'cases.handle',
    scope: 'assignee',
    requires: ['note', 'extension_hours', 'no_pending_extension'],
    event: 'cases.case.extensionRequested',
  },
  approve_extension: {
    label: '延期批准',
    from: assigned,
    to: 'same',
    permission: 'cases.extension.approve',
    scope: 'case_region',
    requires: ['pending_extension'],
    event: 'cases.case.extensionApproved',
  },
  deny_extension: {
    label: '延期驳回',
    from: assigned,
    to: 'same',
    permission: 'cases.extension.approve',
    scope: 'case_region',
    requires: ['pending_extension', 'note'],
    event: 'cases.case.extensionDenied',
  },
  suspend: {
    label: '挂账',
    from: beforeClose,
    to: 'same',
    permission: 'cases.suspend',
    scope: 'case_region',
    requires: ['note'],
    event: 'cases.case.suspended',
  },
  resume: {
    label: '恢复（解除挂账）',
    from: beforeClose,
    to: 'same',
    permission: 'cases.suspend',
    scope: 'case_region',
    requires: ['suspended'],
    whileSuspended: true,
    event: 'cases.case.resumed',
  },
  supervise: {
    label: '督办',
    from: ['collected', ...beforeClose],
    to: 'same',
    permission: 'cases.supervise',
    scope: 'higher_level',
    requires: ['note'],
    whileSuspended: true,
    event: 'cases.case.supervised',
  },
  escalate: {
    label: '上报（难事升级）',
    from: beforeClose,
    to: 'same',
    permission: 'cases.escalate',
    scope: 'case_region',
    requires: ['note'],
    whileSuspended: true,
    event: 'cases.case.escalated',
  },
  // Only the platform itself takes this one: an IoT alert cleared before anyone was dispatched.
  alert_cleared_close: {
    label: '告警解除，派遣前自动结案',
    from: ['collected', 'registered'],
    to: 'closed',
    permission: 'cases.system',
    scope: 'case_region',
    requires: [],
    whileSuspended: true,
    event: 'cases.case.closed',
  },
} as const satisfies Record<string, TransitionRule>;

export type CaseAction = keyof typeof transitions;
export const caseActions = Object.keys(transitions) as CaseAction[];
/** The actions people take over HTTP (the platform's own are left out). */
export type PersonAction = Exclude<CaseAction, 'alert_cleared_close'>;
export const personActions = caseActions.filter(
  (a): a is PersonAction => a !== 'alert_cleared_close',
);

export interface TransitionState {
  stage: CaseStage;
  suspended: boolean;
  extensionPending: boolean;
}

export interface TransitionInput {
  note?: string | null;
  photoCount: number;
  masterCaseId?: string | null;
  extensionHours?: number | null;
}

export type TransitionRefusal = {
  code:
    | 'invalid_transition'
    | 'case_suspended'
    | 'note_required'
    | 'photo_required'
    | 'master_case_required'
    | 'extension_hours_required'
    | 'extension_pending'
    | 'no_pending_extension'
    | 'not_suspended';
  status: 409 | 422;
  detail: string;
};

/**
 * May `action` be taken on a case in `state` with `input`? Returns the rule, or why not:
 * 409 when the case's state forbids it (someone must act first), 422 when the request lacks
 * what the action needs.
 */
export function checkTransition(
  state: TransitionState,
  action: CaseAction,
  input: TransitionInput,
): { rule: TransitionRule } | { refusal: TransitionRefusal } {
  const rule: TransitionRule = transitions[action];
  if (!rule.from.includes(state.stage)) {
    return refuse(
      'invalid_transition',
      409,
      `${rule.label} (${action}) is not allowed when the case is ${state.stage}; allowed from ${rule.from.join(', ')}`,
    );
  }
  if (state.suspended && !rule.whileSuspended) {
    return refuse(
      'case_suspended',
      409,
      `The case is suspended (挂账); resume it before ${action}`,
    );
  }
  for (const need of rule.requires) {
    switch (need) {
      case 'note':
        if (!input.note?.trim()) return refuse('note_required', 422, `${action} needs a note`);
        break;
      case 'photo':
        if (input.photoCount < 1) {
          return refuse('photo_required', 422, `${action} needs at least one photo`);
        }
        break;
      case 'master_case':
        if (!input.masterCaseId) {
          return refuse('master_case_required', 422, 'merge needs masterCaseId');
        }
        break;
      case 'extension_hours':
        if (!input.extensionHours || input.extensionHours <= 0) {
          return refuse('extension_hours_required', 422, 'request_extension needs extensionHours');
        }
        break;
      case 'pending_extension':
        if (!state.extensionPending) {
          return refuse('no_pending_extension', 409, 'No extension request is pending');
        }
        break;
      case 'no_pending_extension':
        if (state.extensionPending) {
          return refuse('extension_pending', 409, 'An extension request is already pending');
        }
        break;
      case 'suspended':
        if (!state.suspended) return refuse('not_suspended', 409, 'The case is not suspended');
        break;
    }
  }
  return { rule };
}

function refuse(code: TransitionRefusal['code'], status: 409 | 422, detail: string) {
  return { refusal: { code, status, detail } };
}

/** The actions that `check` would allow now, ignoring input and scope (for the UI's buttons). */
export function availableActions(state: TransitionState): PersonAction[] {
  return personActions.filter((action) => {
    const rule: TransitionRule = transitions[action];
    if (!rule.from.includes(state.stage)) return false;
    if (state.suspended && !rule.whileSuspended) return false;
    if (rule.requires.includes('suspended') && !state.suspended) return false;
    if (rule.requires.includes('pending_extension') && !state.extensionPending) return false;
    if (rule.requires.includes('no_pending_extension') && state.extensionPending) return false;
    return true;
  });
}

/** Which deadline a stage runs against, if any. */
export type DeadlineStage = 'dispatch' | 'handle' | 'verify';

export function deadlineStageOf(stage: CaseStage): DeadlineStage | null {
  switch (stage) {
    case 'registered':
      return 'dispatch';
    case 'dispatched':
    case 'handling':
      return 'handle';
    case 'reported_back':
    case 'verifying':
      return 'verify';
    default:
      return null;
  }
}
