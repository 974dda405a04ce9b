import crypto from 'node:crypto';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { CasesEvents } from '../cases/index.ts';
import type { NotificationRepository } from './notification.repository.ts';

/** The events this inbox turns into notifications. */
export const notifiedEvents = ['cases.case.supervised'] as const;

/**
 * 督办 reaches the department: a supervised case notifies the department it is dispatched to.
 * A case not yet dispatched (or kept in the grid) has no department and notifies no one.
 * Idempotent twice over: the consumer runner skips an event it handled, and the table keeps one
 * notification per event and department even if the handler runs again.
 * Alerts reach departments through `alert-notifications.consumer.ts`.
 */
export function supervisedCaseConsumer(
  repository: NotificationRepository,
): EventConsumer<WriteContext> {
  return {
    name: 'notifications.cases',
    types: [...notifiedEvents],
    async handle(event: DomainEvent, ctx: WriteContext) {
      if (event.type !== 'cases.case.supervised') return;
      const supervised = event.payload as CasesEvents['cases.case.supervised'];
      if (!supervised.assigneeDepartmentId) return;
      await repository.add(ctx.sql, {
        id: crypto.randomUUID(),
        eventId: event.id,
        departmentId: supervised.assigneeDepartmentId,
        kind: 'case_supervised',
        caseId: supervised.caseId,
        caseNumber: supervised.number,
        note: supervised.note,
        details: {
          supervisingRegionId: supervised.supervisingRegionId,
          escalationLevel: supervised.escalationLevel,
          stage: supervised.stage,
          priority: supervised.priority,
          role: supervised.role,
        },
        createdAt: new Date(event.occurredAt),
      });
    },
  };
}
