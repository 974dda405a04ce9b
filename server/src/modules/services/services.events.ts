import { defineEvents } from '../../platform/events/event.ts';
import type { ApplicationStatus, TaskAction, TaskKind } from './application-workflow.ts';

/** What every application event says; events carry no ID or phone numbers. */
export interface ApplicationFact {
  applicationId: string;
  number: string;
  applicantId: string;
  targetKind: 'item' | 'bundle';
  targetId: string;
  targetName: string;
  districtId: string | null;
  status: ApplicationStatus;
  version: number;
}

export interface TaskFact {
  taskId: string;
  applicationId: string;
  number: string;
  kind: TaskKind;
  itemId: string | null;
  name: string;
  departmentId: string;
  deadlineAt: string | null;
}

export interface ServicesEvents {
  /** Submitted (or resubmitted after 补正); licences attached with the holder's consent. */
  'services.application.submitted': ApplicationFact & {
    resubmission: boolean;
    attachedLicences: Array<{ licenceId: string; materialKey: string }>;
  };
  'services.application.accepted': ApplicationFact & { promisedBy: string | null };
  'services.application.supplementRequested': ApplicationFact & { reason: string; items: string[] };
  'services.application.rejected': ApplicationFact & { reason: string };
  'services.application.reviewStarted': ApplicationFact;
  /** Every item approved: the licences module issues the e-licences it produces. */
  'services.application.approved': ApplicationFact & { licenceTypes: string[] };
  'services.application.refused': ApplicationFact & { reason: string; departmentId: string };
  /** The result reached the applicant: the licences are in their library. */
  'services.application.delivered': ApplicationFact & { licenceIds: string[] };
  'services.task.opened': TaskFact;
  'services.task.decided': TaskFact & { action: TaskAction; reason: string | null };
  'services.task.deadlineNear': TaskFact;
  'services.task.overdue': TaskFact;
}

export const servicesEvent = defineEvents<ServicesEvents>();
