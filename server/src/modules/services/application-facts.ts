import type { ApplicationRow, TaskRow } from './application.repository.ts';
import type { ApplicationFact, TaskFact } from './services.events.ts';

export function applicationFact(application: ApplicationRow): ApplicationFact {
  return {
    applicationId: application.id,
    number: application.number,
    applicantId: application.applicantId,
    targetKind: application.targetKind,
    targetId: application.targetId,
    targetName: application.targetName,
    districtId: application.districtId,
    status: application.status,
    version: application.version,
  };
}

export function taskFact(task: TaskRow, application: Pick<ApplicationRow, 'number'>): TaskFact {
  return {
    taskId: task.id,
    applicationId: task.applicationId,
    number: application.number,
    kind: task.kind,
    itemId: task.itemId,
    name: task.name,
    departmentId: task.departmentId,
    deadlineAt: task.deadlineAt?.toISOString() ?? null,
  };
}
