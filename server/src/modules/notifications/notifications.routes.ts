import { Type, type TSchema } from 'typebox';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { PageQuery } from '../../platform/http/pagination.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { InboxEntry, NotificationKind } from './notification.repository.ts';
import type { NotificationsService } from './notifications.service.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const bearer = [{ bearer: [] }];

const NotificationView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Unsafe<NotificationKind>({
    type: 'string',
    enum: ['case_supervised', 'alert_raised', 'incident_opened'],
  }),
  departmentId: Type.String(),
  caseId: Nullable(Type.String({ format: 'uuid' })),
  caseNumber: Nullable(Type.String()),
  /** case_supervised: the supervisor's note; alert_raised: why the rule fired. */
  note: Nullable(Type.String()),
  /** case_supervised: the level that supervises the case now, and its region. */
  escalationLevel: Nullable(Type.String()),
  supervisingRegionId: Nullable(Type.String()),
  /** alert_raised: the alert (its page is the workbench's alerts page). */
  alertId: Nullable(Type.String({ format: 'uuid' })),
  /** incident_opened: the alarm-storm incident. */
  incidentId: Nullable(Type.String({ format: 'uuid' })),
  /** alert_raised, incident_opened: critical | major | minor | warning | info. */
  severity: Nullable(Type.String()),
  /** alert_raised: the rule's name; incident_opened: the incident's title. */
  title: Nullable(Type.String()),
  /** alert_raised: the device's name. */
  deviceName: Nullable(Type.String()),
  /** incident_opened: how many alerts formed it. */
  alertCount: Nullable(Type.Integer()),
  createdAt: DateTime,
  read: Type.Boolean(),
  readAt: Nullable(DateTime),
});

const InboxView = Type.Object({
  items: Type.Array(NotificationView),
  total: Type.Integer(),
  unreadCount: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const integer = (value: unknown) => (Number.isInteger(value) ? (value as number) : null);

const present = (n: InboxEntry) => ({
  id: n.id,
  kind: n.kind,
  departmentId: n.departmentId,
  caseId: n.caseId,
  caseNumber: n.caseNumber,
  note: n.note,
  escalationLevel: text(n.details.escalationLevel),
  supervisingRegionId: text(n.details.supervisingRegionId),
  alertId: text(n.details.alertId),
  incidentId: text(n.details.incidentId),
  severity: text(n.details.severity),
  title: text(n.details.ruleName) ?? text(n.details.title),
  deviceName: text(n.details.deviceName),
  alertCount: integer(n.details.alertCount),
  createdAt: n.createdAt.toISOString(),
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
});

export function registerNotificationRoutes(app: HttpServer, inbox: NotificationsService): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My workbench inbox (站内通知), newest first, with my unread count',
        description:
          'The notifications of my department (a supervised case, an alert on its device, an alarm-storm incident) with my own read state. `total` counts what the filter matches; `unreadCount` is always the whole unread count (the bell).',
        security: bearer,
        querystring: Type.Object(
          { unread: Type.Optional(Type.Boolean()), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: InboxView, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { unread, limit, offset } = request.query;
      const page = await inbox.list(actor, { unreadOnly: unread === true, limit, offset });
      return {
        items: page.items.map(present),
        total: page.total,
        unreadCount: page.unreadCount,
        limit,
        offset,
      };
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark every notification in my inbox read',
        security: bearer,
        response: {
          200: Type.Object({ marked: Type.Integer({ description: 'How many were unread' }) }),
          ...problemResponses,
        },
      },
    },
    async (request) => inbox.markAllRead(authenticated(request)),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification of my inbox read',
        description: 'Another department’s notification is 404 for me.',
        security: bearer,
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 200: NotificationView, ...problemResponses },
      },
    },
    async (request) => present(await inbox.markRead(authenticated(request), request.params.id)),
  );
}
