import { CASE_ACTIONS } from './case-actions';
import type {
  CaseAction,
  CaseDetail,
  CaseStage,
  CaseSummary,
  Department,
  TimelineEntry,
} from '../api/cases-api';

export const STAGE_COLORS: Readonly<Record<CaseStage, string>> = {
  collected: 'default',
  registered: 'blue',
  rejected: 'default',
  dispatched: 'geekblue',
  handling: 'processing',
  reported_back: 'cyan',
  verifying: 'purple',
  verified: 'lime',
  closed: 'success',
  merged: 'default',
};

export const PRIORITY_COLORS = { urgent: 'red', important: 'orange', normal: 'default' } as const;

/** What a citizen is told: fewer, plainer steps than the staff's ten stages. */
export type CitizenStatus = 'received' | 'accepted' | 'handling' | 'done' | 'rejected' | 'merged';

export function citizenStatusOf(stage: CaseStage): CitizenStatus {
  switch (stage) {
    case 'collected':
      return 'received';
    case 'registered':
      return 'accepted';
    case 'dispatched':
    case 'handling':
    case 'reported_back':
    case 'verifying':
    case 'verified':
      return 'handling';
    case 'closed':
      return 'done';
    case 'rejected':
      return 'rejected';
    case 'merged':
      return 'merged';
  }
}

export const CITIZEN_STATUS_COLORS: Readonly<Record<CitizenStatus, string>> = {
  received: 'default',
  accepted: 'blue',
  handling: 'processing',
  done: 'success',
  rejected: 'warning',
  merged: 'default',
};

/** The steps shown to a citizen, and where a case stands among them (-1: off the main road). */
export const CITIZEN_STEPS = ['received', 'accepted', 'handling', 'done'] as const;

export function citizenStepIndex(stage: CaseStage): number {
  const status = citizenStatusOf(stage);
  return (CITIZEN_STEPS as readonly string[]).indexOf(status);
}

/**
 * The government's answer to the person who reported: the note written when the case was
 * closed (结案), or the reason it was not taken up (不予立案). The latest one counts: a case
 * reopened and closed again answers with its second close.
 */
export function replyOf(
  c: Pick<CaseDetail, 'stage' | 'timeline'>,
): Pick<TimelineEntry, 'action' | 'at' | 'note'> | null {
  const action = c.stage === 'closed' ? 'close' : c.stage === 'rejected' ? 'reject' : null;
  if (!action) return null;
  const entry = [...c.timeline].reverse().find((e) => e.action === action);
  if (!entry?.note) return null;
  return { action: entry.action, at: entry.at, note: entry.note };
}

/**
 * "黄浦区 / 南京东路街道 / 龙泉园路居委会"; in English the district's English name
 * ("Huangpu District / 南京东路街道 / 龙泉园路居委会"): streets and grids have no English names.
 */
export function placeOf(
  c: Pick<CaseSummary, 'regionNames'> & Partial<Pick<CaseSummary, 'districtNameEn'>>,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): string {
  const { street, grid } = c.regionNames;
  return [districtOf(c, locale), street, grid].join(' / ');
}

/** The district alone, in the interface's language. */
export function districtOf(
  c: Pick<CaseSummary, 'regionNames'> & Partial<Pick<CaseSummary, 'districtNameEn'>>,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): string {
  return locale === 'en-US' && c.districtNameEn ? c.districtNameEn : c.regionNames.district;
}

/** The case's class in the interface's language: "Street order / E-bikes parked …". */
export function classNameOf(
  c: Pick<CaseSummary, 'className'> & Partial<Pick<CaseSummary, 'classNameEn'>>,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): string {
  return locale === 'en-US' && c.classNameEn ? c.classNameEn : c.className;
}

/** A department's name in the interface's language; its id when it is not known. */
export function departmentName(
  departments: ReadonlyMap<string, Department>,
  id: string,
  locale: 'zh-CN' | 'en-US',
): string {
  const department = departments.get(id);
  if (!department) return id;
  return locale === 'en-US' && department.nameEn ? department.nameEn : department.name;
}

/** Who holds the case now: the department's name, "网格自处置", or nobody yet. */
export function assigneeOf(
  c: Pick<CaseSummary, 'assigneeDepartmentId' | 'keptInGrid'>,
  departments: ReadonlyMap<string, Department>,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): { kind: 'grid' } | { kind: 'department'; name: string } | null {
  if (c.keptInGrid) return { kind: 'grid' };
  if (!c.assigneeDepartmentId) return null;
  return { kind: 'department', name: departmentName(departments, c.assigneeDepartmentId, locale) };
}

/** The dispatcher board's columns: what waits for the dispatcher, then what they watch. */
export const BOARD_COLUMNS = ['to_dispatch', 'extension', 'to_verify', 'in_progress'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** Which column a case belongs in; an extension request is the most pressing question. */
export function boardColumnOf(
  c: Pick<CaseSummary, 'stage' | 'extensionRequest'>,
): BoardColumn | null {
  if (c.extensionRequest) return 'extension';
  switch (c.stage) {
    case 'registered':
      return 'to_dispatch';
    case 'reported_back':
      return 'to_verify';
    case 'dispatched':
    case 'handling':
    case 'verifying':
    case 'verified':
      return 'in_progress';
    default:
      return null;
  }
}

/** Most urgent first inside a column: overdue, supervised, then the nearest deadline. */
export function boardOrder(a: CaseSummary, b: CaseSummary): number {
  const rank = (c: CaseSummary) => (c.overdue ? 0 : 2) + (c.supervised ? 0 : 1);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const at = (c: CaseSummary) => (c.deadlineAt ? Date.parse(c.deadlineAt) : Infinity);
  const byDeadline = at(a) - at(b);
  if (byDeadline !== 0 && !Number.isNaN(byDeadline)) return byDeadline;
  return a.number.localeCompare(b.number);
}

export function groupByColumn(cases: readonly CaseSummary[]): Record<BoardColumn, CaseSummary[]> {
  const columns: Record<BoardColumn, CaseSummary[]> = {
    to_dispatch: [],
    extension: [],
    to_verify: [],
    in_progress: [],
  };
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const column = boardColumnOf(c);
    if (column) columns[column].push(c);
  }
  for (const column of BOARD_COLUMNS) columns[column].sort(boardOrder);
  return columns;
}

/** Timeline entries the platform writes besides the people's steps. */
export const TIMELINE_EVENTS = [
  'collect',
  'add_photo',
  'merged_in',
  'deadline_near',
  'overdue',
  'alert_cleared',
  'alert_cleared_close',
] as const;
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

export type TimelineLabel =
  | { type: 'action'; action: CaseAction }
  | { type: 'event'; event: TimelineEvent }
  | { type: 'other'; text: string };

export function timelineLabelOf(action: string): TimelineLabel {
  if ((TIMELINE_EVENTS as readonly string[]).includes(action)) {
    return { type: 'event', event: action as TimelineEvent };
  }
  if ((CASE_ACTIONS as readonly string[]).includes(action)) {
    return { type: 'action', action: action as CaseAction };
  }
  return { type: 'other', text: action };
}

/** Red for what went wrong or back, green for what finished a step, blue for the rest. */
export function timelineColorOf(action: string): 'red' | 'green' | 'gray' | 'blue' {
  if (['reject', 'return', 'fail_verification', 'overdue', 'deny_extension'].includes(action)) {
    return 'red';
  }
  if (['verify', 'close', 'alert_cleared_close', 'approve_extension'].includes(action)) {
    return 'green';
  }
  if (['add_photo', 'deadline_near', 'alert_cleared', 'merged_in'].includes(action)) return 'gray';
  return 'blue';
}

export const STAFF_ROLES = [
  'grid_worker',
  'acceptor',
  'dispatcher',
  'handler',
  'commander',
  'system',
  'citizen',
] as const;
export type ActorRole = (typeof STAFF_ROLES)[number];

export function actorRoleOf(role: string | null): ActorRole | null {
  return (STAFF_ROLES as readonly string[]).includes(role ?? '') ? (role as ActorRole) : null;
}
