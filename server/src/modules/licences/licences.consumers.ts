import { systemActor } from '../../platform/auth/actor.ts';
import type { Sql } from '../../platform/db/database.ts';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { LicenceService } from './licence.service.ts';

/** What the licences module needs from the services module to issue (wired by the app). */
export interface LicenceOrderSource {
  ordersFor(
    sql: Sql,
    applicationId: string,
  ): Promise<
    Array<{
      applicationId: string;
      taskId: string;
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
      fields: Record<string, unknown>;
    }>
  >;
}

/**
 * Approving an application issues its licences: this consumer reacts to
 * `services.application.approved`, reads what to issue (inside its own transaction) and
 * issues each licence once — a redelivered event finds them issued already.
 */
export function approvalConsumer(
  licences: LicenceService,
  orders: LicenceOrderSource,
): EventConsumer<WriteContext> {
  return {
    name: 'licences.application-approved',
    types: ['services.application.approved'],
    async handle(event: DomainEvent, ctx: WriteContext) {
      const { applicationId } = event.payload as { applicationId: string };
      for (const order of await orders.ordersFor(ctx.sql, applicationId)) {
        const type = licences.type(order.type);
        await licences.issueIn(ctx, systemActor, {
          type: order.type,
          holder: order.holder,
          fields: order.fields,
          department: {
            id: order.departmentId,
            name: order.departmentName,
            code: type.departmentCode,
            regionId: order.departmentRegionId,
          },
          districtId: order.districtId,
          validUntil:
            order.validYears === null ? undefined : addYears(new Date(), order.validYears),
          applicationId: order.applicationId,
          taskId: order.taskId,
        });
      }
    },
  };
}

/** Keeps the holder's record of where their licences were used (with their consent). */
export function consentLogConsumer(licences: LicenceService): EventConsumer<WriteContext> {
  return {
    name: 'licences.consent-log',
    types: ['services.application.submitted'],
    async handle(event: DomainEvent, ctx: WriteContext) {
      const payload = event.payload as {
        applicationId: string;
        number: string;
        applicantId: string;
        attachedLicences: Array<{ licenceId: string; materialKey: string }>;
      };
      if (!payload.attachedLicences?.length) return;
      await licences.recordUses(
        ctx,
        {
          applicationId: payload.applicationId,
          applicationNumber: payload.number,
          applicantId: payload.applicantId,
        },
        payload.attachedLicences,
      );
    },
  };
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}
