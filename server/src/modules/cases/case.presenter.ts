import { maskPhone } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import type { PossibleDuplicate } from './case-intake.workflow.ts';
import type { PhotoMeta } from './case-photo.repository.ts';
import type { CaseQueryService } from './case-query.service.ts';
import type { TimelineRow } from './case-timeline.repository.ts';
import type { CaseRow } from './case.repository.ts';
import type { Assignment } from './dispatch-resolution.ts';
import { classNamesEn } from './gbt30428-catalog.ts';
import { districtNameEn } from './place-names-en.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Names the person's name only partly in lists: 张* / 欧阳** . */
function maskName(name: string | null): string | null {
  if (!name) return null;
  return name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 3))}`;
}

export function presentCase(
  row: CaseRow,
  catalog: CaseCatalog,
  regions: Pick<RegionScope, 'nameOf'>,
  options: { revealContact?: boolean } = {},
) {
  const cls = catalog.classOf(row.classId);
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    classId: row.classId,
    className: cls ? `${cls.bigName} / ${cls.smallName}` : row.classId,
    classNameEn: cls ? classNamesEn(cls).nameEn : row.classId,
    kind: cls?.kind ?? (row.classId.startsWith('C') ? 'component' : 'event'),
    priority: row.priority,
    description: row.description,
    address: row.address,
    location: [row.lng, row.lat] as [number, number],
    gridId: row.gridId,
    streetId: row.streetId,
    districtId: row.districtId,
    regionNames: {
      grid: regions.nameOf(row.gridId) ?? row.gridId,
      street: regions.nameOf(row.streetId) ?? row.streetId,
      district: regions.nameOf(row.districtId) ?? row.districtId,
    },
    districtNameEn: districtNameEn(row.districtId),
    componentId: row.componentId,
    reporterName: options.revealContact ? row.reporterName : maskName(row.reporterName),
    reporterPhone: row.reporterPhone
      ? options.revealContact
        ? row.reporterPhone
        : maskPhone(row.reporterPhone)
      : null,
    alertId: row.alertId,
    masterCaseId: row.masterCaseId,
    notDuplicateOf: row.notDuplicateOf,
    stage: row.stage,
    suspended: row.suspended,
    overdue: row.overdue,
    overdueCount: row.overdueCount,
    supervised: row.supervised,
    escalationLevel: row.escalationLevel,
    assigneeDepartmentId: row.assigneeDepartmentId,
    keptInGrid: row.assigneeGridId !== null,
    handlerId: row.handlerId,
    deadlineStage: row.deadlineStage,
    deadlineAt: iso(row.deadlineAt),
    extensionRequest:
      row.extensionHours !== null
        ? { hours: row.extensionHours, reason: row.extensionReason }
        : null,
    reworkCount: row.reworkCount,
    returnCount: row.returnCount,
    createdAt: row.createdAt.toISOString(),
    registeredAt: iso(row.registeredAt),
    dispatchedAt: iso(row.dispatchedAt),
    reportedBackAt: iso(row.reportedBackAt),
    verifiedAt: iso(row.verifiedAt),
    closedAt: iso(row.closedAt),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function presentDuplicate(d: PossibleDuplicate) {
  return { ...d, createdAt: d.createdAt.toISOString() };
}

export function presentTimeline(t: TimelineRow) {
  return {
    id: t.id,
    at: t.at.toISOString(),
    action: t.action,
    actorName: t.actorName,
    actorRole: t.actorRole,
    fromStage: t.fromStage,
    toStage: t.toStage,
    note: t.note,
    photoIds: t.photoIds,
    details: t.details,
  };
}

export function presentPhoto(p: PhotoMeta) {
  return {
    id: p.id,
    caseId: p.caseId,
    contentType: p.contentType,
    byteSize: p.byteSize,
    sha256: p.sha256,
    uploadedAt: p.uploadedAt.toISOString(),
    url: `/api/v1/case-photos/${p.id}`,
  };
}

export function presentAssignment(a: Assignment | null) {
  if (!a) return null;
  return a.kind === 'department'
    ? { kind: a.kind, departmentId: a.departmentId, gridId: null, ruleId: a.ruleId }
    : { kind: a.kind, departmentId: null, gridId: a.gridId, ruleId: a.ruleId };
}

export function presentDetail(
  detail: Awaited<ReturnType<CaseQueryService['get']>>,
  catalog: CaseCatalog,
  regions: Pick<RegionScope, 'nameOf'>,
) {
  return {
    ...presentCase(detail.row, catalog, regions, { revealContact: detail.revealContact }),
    timeline: detail.timeline.map(presentTimeline),
    photos: detail.photos.map(presentPhoto),
    reporters: detail.reporters.map((r) => ({
      reporterName: detail.revealContact ? r.reporterName : maskName(r.reporterName),
      source: r.source,
      viaCaseId: r.viaCaseId,
      reportedAt: r.reportedAt.toISOString(),
    })),
    mergedCases: detail.mergedCases,
    notDuplicateCases: detail.notDuplicateCases,
    availableActions: detail.availableActions,
    suggestedAssignment: presentAssignment(detail.suggestedAssignment),
    possibleDuplicates: detail.possibleDuplicates.map(presentDuplicate),
  };
}
