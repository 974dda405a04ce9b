import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import { applicationFact } from './application-facts.ts';
import type { ApplicationRepository } from './application.repository.ts';
import type { NotificationRepository } from './notification.repository.ts';
import { servicesEvent, type ServicesEvents } from './services.events.ts';
import type { SmsSender } from './services.ports.ts';

/** The licences module's fact this module reacts to (declared here: no import across modules). */
interface LicenceIssued {
  licenceId: string;
  number: string;
  type: string;
  applicationId: string | null;
  taskId: string | null;
}

/**
 * Result delivery (办结送达): when the licences module has issued every licence an approved
 * application produces, the application is delivered and the applicant told.
 */
export function licenceDeliveryConsumer(
  repository: ApplicationRepository,
): EventConsumer<WriteContext> {
  return {
    name: 'services.licence-delivery',
    types: ['licences.licence.issued'],
    async handle(event: DomainEvent, ctx: WriteContext) {
      const issued = event.payload as LicenceIssued;
      if (!issued.applicationId || !issued.taskId) return;
      const app = await repository.find(ctx.sql, issued.applicationId, true);
      if (!app) return;
      await repository.setTaskFlags(ctx.sql, issued.taskId, {
        licenceId: issued.licenceId,
        licenceNumber: issued.number,
      });
      if (app.status !== 'approved') return;
      const tasks = await repository.tasksOf(ctx.sql, app.id);
      const producing = tasks.filter(
        (t) => t.kind === 'review' && t.licenceType && t.status === 'approved',
      );
      if (producing.some((t) => !t.licenceId)) return;
      const now = new Date();
      const moved = await repository.updateIfVersion(ctx.sql, app.id, app.version, {
        status: 'delivered',
        deliveredAt: now,
      });
      if (!moved) return;
      await repository.appendTimeline(ctx.sql, [
        {
          applicationId: app.id,
          action: 'application_delivered',
          actorId: null,
          actorName: 'OneCity',
          fromStatus: 'approved',
          toStatus: 'delivered',
          note: `电子证照已发放：${producing.map((t) => t.licenceNumber).join('、')}`,
        },
      ]);
      await ctx.emit(
        servicesEvent('services.application.delivered', {
          ...applicationFact(moved),
          licenceIds: producing.map((t) => t.licenceId!),
        }),
      );
    },
  };
}

type Notified =
  | 'services.application.submitted'
  | 'services.application.accepted'
  | 'services.application.supplementRequested'
  | 'services.application.rejected'
  | 'services.application.approved'
  | 'services.application.refused'
  | 'services.application.delivered';

const messages: { [K in Notified]: (p: ServicesEvents[K]) => { title: string; body: string } } = {
  'services.application.submitted': (p) => ({
    title: p.resubmission ? '补正材料已提交' : '申请已提交',
    body: `您的办件 ${p.number}（${p.targetName}）已提交，等待受理。`,
  }),
  'services.application.accepted': (p) => ({
    title: '申请已受理',
    body: `办件 ${p.number}（${p.targetName}）已受理${p.promisedBy ? `，承诺于 ${shanghaiDate(p.promisedBy)} 前办结` : ''}。`,
  }),
  'services.application.supplementRequested': (p) => ({
    title: '需要补正材料',
    body: `办件 ${p.number}（${p.targetName}）需要补正：${p.reason}`,
  }),
  'services.application.rejected': (p) => ({
    title: '申请不予受理',
    body: `办件 ${p.number}（${p.targetName}）不予受理：${p.reason}`,
  }),
  'services.application.approved': (p) => ({
    title: '审批通过',
    body: `办件 ${p.number}（${p.targetName}）已审批通过${p.licenceTypes.length ? '，电子证照正在签发' : ''}。`,
  }),
  'services.application.refused': (p) => ({
    title: '审批未通过',
    body: `办件 ${p.number}（${p.targetName}）未予批准：${p.reason}`,
  }),
  'services.application.delivered': (p) => ({
    title: '办理结果已送达',
    body: p.licenceIds.length
      ? `办件 ${p.number}（${p.targetName}）已办结，电子证照已存入“我的证照”。`
      : `办件 ${p.number}（${p.targetName}）已办结。`,
  }),
};

/**
 * Tells the applicant about every step: an in-app notification, and a text message through
 * the SMS adapter. The inbox makes each event notify once; an SMS gateway failing makes the
 * delivery retry (at least once, so a rare duplicate text is possible, never a lost one).
 */
export function notificationConsumer(
  repository: ApplicationRepository,
  notifications: NotificationRepository,
  sms: SmsSender,
  log: Logger,
): EventConsumer<WriteContext> {
  return {
    name: 'services.notifications',
    types: Object.keys(messages),
    async handle(event: DomainEvent, ctx: WriteContext) {
      const make = messages[event.type as Notified] as (p: unknown) => {
        title: string;
        body: string;
      };
      const { applicationId, applicantId } = event.payload as {
        applicationId: string;
        applicantId: string;
      };
      const { title, body } = make(event.payload);
      const app = await repository.find(ctx.sql, applicationId);
      let smsSentAt: Date | null = null;
      if (app?.applicantPhone) {
        await sms.send({
          to: app.applicantPhone,
          text: `【一网通办】${body}`,
          reference: event.id,
        });
        smsSentAt = new Date();
      } else {
        log.debug({ applicationId }, 'no phone number: in-app notification only');
      }
      await notifications.insert(ctx.sql, {
        id: uuidFrom(event.id),
        recipientId: applicantId,
        applicationId,
        eventType: event.type,
        title,
        body,
        smsSentAt,
      });
    },
  };
}

function uuidFrom(text: string): string {
  const hex = crypto.createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function shanghaiDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
