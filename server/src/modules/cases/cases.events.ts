import { defineEvents } from '../../platform/events/event.ts';
import type {
  CasePriority,
  CaseSource,
  CaseStage,
  DeadlineStage,
  EscalationLevel,
} from './case-workflow.ts';

/** What every case event says about the case; events never carry reporters' contact data. */
export interface CaseFact {
  caseId: string;
  number: string;
  classId: string;
  priority: CasePriority;
  source: CaseSource;
  stage: CaseStage;
  gridId: string;
  streetId: string;
  districtId: string;
  assigneeDepartmentId: string | null;
  keptInGrid: boolean;
  escalationLevel: EscalationLevel;
  version: number;
}

export interface CaseMove extends CaseFact {
  fromStage: CaseStage;
  action: string;
  by: string;
  role: string | null;
  note: string | null;
  photoIds: string[];
  at: string;
}

export interface CasesEvents {
  /** A new case exists (any source); alertId links it back to an IoT alert. */
  'cases.case.opened': CaseFact & {
    alertId: string | null;
    reporterId: string | null;
    location: [number, number];
    possibleDuplicateIds: string[];
    /** Cases the reporter was shown and said this is not the same as (不是同一件事). */
    notDuplicateOf: string[];
  };
  'cases.case.registered': CaseMove;
  'cases.case.rejected': CaseMove & { reporterIds: string[] };
  /** The case joined a master case; every reporter of the master is listed so all hear of it. */
  'cases.case.merged': CaseMove & { masterCaseId: string; reporterIds: string[] };
  'cases.case.dispatched': CaseMove & { deadlineAt: string | null };
  'cases.case.accepted': CaseMove;
  'cases.case.returned': CaseMove;
  'cases.case.handled': CaseMove;
  'cases.case.verificationRequested': CaseMove;
  'cases.case.verified': CaseMove;
  'cases.case.reworkRequired': CaseMove;
  /** Closed: the reply goes to every reporter (merged cases included). */
  'cases.case.closed': CaseMove & { reporterIds: string[]; reason: 'verified' | 'alert_cleared' };
  'cases.case.reopened': CaseMove;
  'cases.case.extensionRequested': CaseMove & { hours: number };
  'cases.case.extensionApproved': CaseMove & { hours: number; deadlineAt: string | null };
  'cases.case.extensionDenied': CaseMove;
  'cases.case.suspended': CaseMove;
  'cases.case.resumed': CaseMove & { deadlineAt: string | null };
  'cases.case.supervised': CaseMove & { supervisingRegionId: string };
  /** The supervising level rose (grid → street → district → city), by a person or a missed deadline. */
  'cases.case.escalated': CaseMove & {
    from: EscalationLevel;
    to: EscalationLevel;
    supervisingRegionId: string;
    automatic: boolean;
  };
  'cases.case.deadlineNear': CaseFact & { deadlineStage: DeadlineStage; deadlineAt: string };
  'cases.case.overdue': CaseFact & { deadlineStage: DeadlineStage; deadlineAt: string };
  /** An IoT alert linked to the case cleared; the note is on the case's timeline. */
  'cases.case.alertCleared': CaseFact & { alertId: string; closed: boolean };
}

export type CaseEventType = keyof CasesEvents;

export const casesEvent = defineEvents<CasesEvents>();

/** The facts every case event carries, from the stored row. */
export function factOf(row: {
  id: string;
  number: string;
  classId: string;
  priority: CasePriority;
  source: CaseSource;
  stage: CaseStage;
  gridId: string;
  streetId: string;
  districtId: string;
  assigneeDepartmentId: string | null;
  assigneeGridId: string | null;
  escalationLevel: EscalationLevel;
  version: number;
}): CaseFact {
  return {
    caseId: row.id,
    number: row.number,
    classId: row.classId,
    priority: row.priority,
    source: row.source,
    stage: row.stage,
    gridId: row.gridId,
    streetId: row.streetId,
    districtId: row.districtId,
    assigneeDepartmentId: row.assigneeDepartmentId,
    keptInGrid: row.assigneeGridId !== null,
    escalationLevel: row.escalationLevel,
    version: row.version,
  };
}
