import crypto from 'node:crypto';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { InspectionTargetRepository } from './inspection-target.repository.ts';
import { inspectionsEvent } from './inspections.events.ts';

/** Licence types whose holders market supervision inspects after opening, and why. */
export const inspectedLicenceTypes: Record<string, string> = {
  food_business: '新办食品经营许可：开业后首次监督检查',
};

/** A new shop is inspected within this many days of its licence. */
export const FIRST_INSPECTION_DAYS = 30;

/** The licences module's facts, as this module reads them (no import across modules). */
interface LicenceIssued {
  licenceId: string;
  number: string;
  type: string;
  holderId: string;
  holderName: string;
  departmentId: string;
  districtId: string | null;
  issuedAt: string;
  fields: Record<string, unknown>;
}

interface LicenceRevoked {
  licenceId: string;
  reason: string;
}

/**
 * 两网融合: an approved food-business licence in the service network puts the shop on the
 * market-supervision inspection list of the operations side; a revoked one takes it off.
 */
export function licenceInspectionConsumer(
  repository: InspectionTargetRepository,
): EventConsumer<WriteContext> {
  return {
    name: 'inspections.licences',
    types: ['licences.licence.issued', 'licences.licence.revoked'],
    async handle(event: DomainEvent, ctx: WriteContext) {
      if (event.type === 'licences.licence.revoked') {
        const revoked = event.payload as LicenceRevoked;
        const removed = await repository.removeForLicence(
          ctx.sql,
          revoked.licenceId,
          `证照已撤销：${revoked.reason}`,
        );
        if (removed) {
          await ctx.emit(
            inspectionsEvent('inspections.target.removed', {
              targetId: removed.id,
              licenceId: removed.licenceId,
              reason: removed.removedReason ?? '',
            }),
          );
        }
        return;
      }
      const issued = event.payload as LicenceIssued;
      const reason = inspectedLicenceTypes[issued.type];
      if (!reason) return;
      const text = (key: string) => {
        const value = issued.fields[key];
        return typeof value === 'string' && value.trim() ? value.trim() : null;
      };
      const dueBy = new Date(
        new Date(issued.issuedAt).getTime() + FIRST_INSPECTION_DAYS * 86_400_000,
      );
      const added = await repository.add(ctx.sql, {
        id: crypto.randomUUID(),
        source: 'licence',
        licenceId: issued.licenceId,
        licenceNumber: issued.number,
        licenceType: issued.type,
        name: text('enterpriseName') ?? issued.holderName,
        address: text('businessAddress'),
        holderId: issued.holderId,
        districtId: issued.districtId,
        departmentId: issued.departmentId,
        reason,
        status: 'scheduled',
        dueBy,
      });
      if (!added) return;
      await ctx.emit(
        inspectionsEvent(
          'inspections.target.added',
          {
            targetId: added.id,
            licenceId: added.licenceId,
            licenceNumber: added.licenceNumber,
            name: added.name,
            address: added.address,
            districtId: added.districtId,
            departmentId: added.departmentId,
            dueBy: added.dueBy.toISOString(),
          },
          { regionId: added.districtId },
        ),
      );
    },
  };
}
