import type { Sql } from '../../platform/db/database.ts';
import type { ApplicationRepository } from './application.repository.ts';
import type { CatalogueRepository } from './catalogue.repository.ts';

/** One e-licence an approved application should produce (read by the licences module). */
export interface LicenceOrder {
  applicationId: string;
  applicationNumber: string;
  taskId: string;
  itemId: string;
  type: string;
  validYears: number | null;
  departmentId: string;
  departmentName: string;
  departmentRegionId: string;
  districtId: string | null;
  holder: {
    id: string;
    kind: 'citizen' | 'enterprise';
    name: string;
    identifier: string | null;
  };
  /** The item's form as filled in: the licence keeps the fields its type defines. */
  fields: Record<string, unknown>;
}

/**
 * The licences an approved application produces, one per approved item that issues one.
 * Takes the caller's transaction handle: the licences consumer reads inside its own.
 */
export async function licenceOrders(
  sql: Sql,
  applicationId: string,
  applications: ApplicationRepository,
  catalogue: CatalogueRepository,
  departmentName: (id: string) => string,
): Promise<LicenceOrder[]> {
  const application = await applications.find(sql, applicationId);
  if (!application || !['approved', 'delivered'].includes(application.status)) return [];
  const tasks = (await applications.tasksOf(sql, applicationId)).filter(
    (t) => t.kind === 'review' && t.status === 'approved' && t.licenceType && t.itemId,
  );
  const items = new Map(
    (
      await catalogue.findItems(
        sql,
        tasks.map((t) => t.itemId!),
      )
    ).map((i) => [i.id, i]),
  );
  return tasks.map((task) => ({
    applicationId,
    applicationNumber: application.number,
    taskId: task.id,
    itemId: task.itemId!,
    type: task.licenceType!,
    validYears: items.get(task.itemId!)?.licence?.validYears ?? null,
    departmentId: task.departmentId,
    departmentName: departmentName(task.departmentId),
    departmentRegionId: task.departmentRegionId,
    districtId: application.districtId,
    holder: {
      id: application.applicantId,
      kind: application.applicantKind,
      name: application.applicantName,
      identifier: application.applicantIdentifier,
    },
    fields: task.form,
  }));
}
