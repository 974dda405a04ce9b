import { maskIdNumber, maskPhone } from '../identity/index.ts';
import { availableActions } from './application-workflow.ts';
import type {
  ApplicationRow,
  MaterialRow,
  TaskRow,
  TimelineRow,
} from './application.repository.ts';
import type { BundleRow, ItemRow } from './catalogue.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import type { NotificationRow } from './notification.repository.ts';
import type { UploadMeta } from './upload.repository.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Turns rows into API views: department names resolved, personal data masked by role. */
export class ServicesPresenter {
  constructor(
    private readonly departments: DepartmentDirectory,
    private readonly cityId: () => string,
  ) {}

  departmentName(id: string): string {
    return this.departments.get(id)?.name ?? id;
  }

  item(row: ItemRow) {
    const department = this.departments.anyOfCode(row.departmentCode, this.cityId());
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      departmentCode: row.departmentCode,
      departmentName: department?.name.replace(/^上海市/, '') ?? row.departmentCode,
      departmentNameEn: department?.nameEn.replace(/^Shanghai /, '') ?? row.departmentCode,
      handledAt: row.handledAt,
      kind: row.kind,
      audiences: row.audiences,
      statutoryDays: row.statutoryDays,
      promisedDays: row.promisedDays,
      onlineLevel: row.onlineLevel,
      lifeEvents: row.lifeEvents,
      topics: row.topics,
      issuesLicence: row.licence?.type ?? null,
    };
  }

  itemDetail(row: ItemRow) {
    return {
      ...this.item(row),
      description: row.description,
      keywords: row.keywords,
      materials: row.materials,
      form: row.form as unknown as Record<string, unknown>,
      licence: row.licence ?? null,
      version: row.version,
    };
  }

  bundle(row: BundleRow) {
    return {
      id: row.id,
      name: row.name,
      nameEn: row.nameEn,
      description: row.description,
      lifeEvent: row.lifeEvent,
      topics: row.topics,
      audiences: row.audiences,
      itemIds: row.steps.map((s) => s.itemId),
      statutoryDays: row.statutoryDays,
      promisedDays: row.promisedDays,
      onlineLevel: row.onlineLevel,
    };
  }

  bundleDetail(row: BundleRow, items: ItemRow[]) {
    return {
      ...this.bundle(row),
      steps: row.steps,
      items: items.map((i) => this.item(i)),
      form: row.form as unknown as Record<string, unknown>,
      fieldMap: row.fieldMap,
      materials: row.materials,
      version: row.version,
    };
  }

  application(row: ApplicationRow) {
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      targetKind: row.targetKind,
      targetId: row.targetId,
      targetName: row.targetName,
      districtId: row.districtId,
      applicantKind: row.applicantKind,
      applicantName: row.applicantName,
      leadDepartmentId: row.leadDepartmentId,
      statutoryDays: row.statutoryDays,
      promisedDays: row.promisedDays,
      promisedBy: iso(row.promisedBy),
      createdAt: row.createdAt.toISOString(),
      submittedAt: iso(row.submittedAt),
      acceptedAt: iso(row.acceptedAt),
      decidedAt: iso(row.decidedAt),
      deliveredAt: iso(row.deliveredAt),
      version: row.version,
    };
  }

  task(row: TaskRow, viewerDepartment: string | null) {
    return {
      id: row.id,
      applicationId: row.applicationId,
      kind: row.kind,
      itemId: row.itemId,
      name: row.name,
      departmentId: row.departmentId,
      departmentName: this.departmentName(row.departmentId),
      status: row.status,
      dependsOn: row.dependsOn,
      materialKeys: row.materialKeys,
      statutoryDays: row.statutoryDays,
      promisedDays: row.promisedDays,
      openedAt: iso(row.openedAt),
      deadlineAt: iso(row.deadlineAt),
      deadlineNear: row.deadlineNear,
      overdue: row.overdue,
      reviewerName: row.reviewerName,
      decisionReason: row.decisionReason,
      decidedAt: iso(row.decidedAt),
      licenceType: row.licenceType,
      licenceId: row.licenceId,
      licenceNumber: row.licenceNumber,
      version: row.version,
      availableActions:
        viewerDepartment === row.departmentId ? availableActions(row.kind, row.status) : [],
    };
  }

  detail(input: {
    application: ApplicationRow;
    tasks: TaskRow[];
    materials: MaterialRow[];
    uploads: Map<string, UploadMeta>;
    timeline: TimelineRow[];
    access: { role: 'applicant' | 'reviewer' | 'supervisor'; departmentId: string | null };
  }) {
    const { application: row, access } = input;
    const reveal = access.role !== 'supervisor';
    return {
      ...this.application(row),
      applicantIdentifier: reveal ? row.applicantIdentifier : maskIdNumber(row.applicantIdentifier),
      applicantPhone: reveal ? row.applicantPhone : maskPhone(row.applicantPhone),
      form: row.form,
      supplement: row.supplement ?? null,
      outcomeReason: row.outcomeReason,
      materials: input.materials.map((m) => {
        const upload = m.uploadId ? input.uploads.get(m.uploadId) : undefined;
        return {
          key: m.key,
          name: m.name,
          source: m.source,
          upload: upload
            ? {
                id: upload.id,
                fileName: upload.fileName,
                contentType: upload.contentType,
                size: upload.size,
              }
            : null,
          licenceId: m.licenceId,
          licenceNumber: m.licenceNumber,
          consentedAt: iso(m.consentedAt),
        };
      }),
      tasks: input.tasks.map((t) => ({ ...this.task(t, access.departmentId), form: t.form })),
      timeline: input.timeline.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        actorName: e.actorName,
        taskId: e.taskId,
        departmentId: e.departmentId,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        note: e.note,
      })),
      viewerRole: access.role,
    };
  }

  upload(row: UploadMeta) {
    return {
      id: row.id,
      fileName: row.fileName,
      contentType: row.contentType,
      size: row.size,
      sha256: row.sha256,
      createdAt: row.createdAt.toISOString(),
    };
  }

  notification(row: NotificationRow) {
    return {
      id: row.id,
      applicationId: row.applicationId,
      eventType: row.eventType,
      title: row.title,
      body: row.body,
      sms: row.smsSentAt !== null,
      read: row.readAt !== null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
