import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumerRunner } from '../../platform/events/consumer-runner.ts';
import type { DomainEvent } from '../../platform/events/event.ts';
import { expectProblem } from '../../../test/support/test-app.ts';
import { outboxEvents } from '../../../test/support/outbox.ts';
import { testLogger, waitFor } from '../../../test/support/test-platform.ts';
import { DUE_TIMER } from '../cases/index.ts';
import {
  centroidOf,
  detail,
  report,
  startCasesTestApp,
  step,
  type CaseBody,
  type CasesTestApp,
} from '../cases/cases.test-support.ts';

interface InboxBody {
  items: Array<{
    id: string;
    kind: string;
    departmentId: string;
    caseId: string | null;
    caseNumber: string | null;
    note: string | null;
    escalationLevel: string | null;
    read: boolean;
    readAt: string | null;
    createdAt: string;
  }>;
  total: number;
  unreadCount: number;
  limit: number;
  offset: number;
}

let t: CasesTestApp;
let c: CaseBody;
/** The department the case is dispatched to, and one that has nothing to do with it. */
let department: string;
let otherDepartment: string;

beforeAll(async () => {
  t = await startCasesTestApp();
}, 300_000);
afterAll(() => t.close());

const inbox = async (token: string, query = '') => {
  const response = await t.request({ method: 'GET', url: `/api/v1/notifications${query}`, token });
  if (response.statusCode !== 200) throw new Error(`inbox: ${response.body}`);
  return response.json<InboxBody>();
};

function supervisedEvents(caseId: string): Promise<DomainEvent[]> {
  return outboxEvents(
    t.app.platform.db,
    'cases.case.supervised',
    sql`payload->>'caseId' = ${caseId}`,
  );
}

describe('督办 notifies the department the case is dispatched to (站内通知)', () => {
  it('an overdue case supervised by the street: exactly one notification for the department', async () => {
    const worker = await t.login('gridworker.310101002');
    c = (
      await report(t, worker, {
        classId: 'E0302',
        at: centroidOf(t, t.app.regions.children('310101002')[3]?.id as string),
      })
    ).case;
    c = await step(t, await t.login('acceptor.310101'), c, 'register');
    c = await step(t, await t.login('dispatcher.310101'), c, 'dispatch');
    department = c.assigneeDepartmentId as string;
    expect(department).toBeTruthy();
    otherDepartment = department === '310101.cg' ? '310101.sthj' : '310101.cg';
    const handler = await t.login(`handler.${department}`);
    expect((await inbox(handler)).total).toBe(0);

    // The handling deadline passes: the durable timer fires and the case is overdue.
    await t.app.platform.db.rows(
      sql`UPDATE platform_timers SET due_at = now() - interval '1 second'
          WHERE kind = ${DUE_TIMER} AND key = ${c.id}`,
    );
    const commander = await t.login('commander.310101002');
    const overdue = await waitFor(
      async () => {
        const d = await detail(t, commander, c.id);
        return d.overdue ? d : undefined;
      },
      { what: 'the case overdue', timeoutMs: 20_000 },
    );
    c = await step(t, commander, overdue, 'supervise', { note: '已超期，请今日内处置' });
    expect(c.supervised).toBe(true);

    const mine = await waitFor(
      async () => {
        const page = await inbox(handler);
        return page.total > 0 ? page : undefined;
      },
      { what: 'the notification in the handler’s inbox' },
    );
    expect(mine).toMatchObject({ total: 1, unreadCount: 1, limit: 50, offset: 0 });
    expect(mine.items[0]).toMatchObject({
      kind: 'case_supervised',
      departmentId: department,
      caseId: c.id,
      caseNumber: c.number,
      note: '已超期，请今日内处置',
      escalationLevel: c.escalationLevel,
      read: false,
      readAt: null,
    });
  });

  it('another department’s staff see nothing and get 404 on its id; citizens are refused', async () => {
    const [notification] = (await inbox(await t.login(`handler.${department}`))).items;
    const stranger = await t.login(`handler.${otherDepartment}`);
    expect(await inbox(stranger)).toMatchObject({ total: 0, unreadCount: 0, items: [] });
    const read = await t.request({
      method: 'POST',
      url: `/api/v1/notifications/${notification?.id}/read`,
      token: stranger,
    });
    expectProblem(read, 404, 'not_found');
    // A commander has no department: an empty inbox, not an error.
    expect((await inbox(await t.login('commander.310101'))).total).toBe(0);
    const citizen = await t.request({
      method: 'GET',
      url: '/api/v1/notifications',
      token: await t.login('citizen'),
    });
    expectProblem(citizen, 403, 'forbidden');
  });

  it('delivering the same event again does not notify twice', async () => {
    const [event] = await supervisedEvents(c.id);
    if (!event) throw new Error('no supervised event in the outbox');
    const consumer = t.app.notifications.consumer;
    // Through the runner: its inbox record skips the event.
    const runner = new ConsumerRunner(t.app.platform.uow, t.app.platform.metrics, testLogger());
    expect(await runner.deliver(consumer, event, 1)).toBe('duplicate');
    // Straight into the handler, as if the inbox record were lost: the table keeps one.
    await t.app.platform.uow.run((ctx) => consumer.handle(event, ctx));
    const page = await inbox(await t.login(`handler.${department}`));
    expect(page).toMatchObject({ total: 1, unreadCount: 1 });
  });

  it('read marks are per person; one read, then all read; unread=true filters', async () => {
    const handler = await t.login(`handler.${department}`);
    const reviewer = await t.login(`reviewer.${department}`);
    // The district supervises too: a second notification, newest first.
    c = await step(t, await t.login('commander.310101'), c, 'supervise', { note: '区级督办' });
    const both = await waitFor(
      async () => {
        const page = await inbox(handler);
        return page.total === 2 ? page : undefined;
      },
      { what: 'the second notification' },
    );
    expect(both.items.map((n) => n.note)).toEqual(['区级督办', '已超期，请今日内处置']);
    expect(both.unreadCount).toBe(2);

    const first = both.items[1]?.id as string;
    const read = await t.request({
      method: 'POST',
      url: `/api/v1/notifications/${first}/read`,
      token: handler,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: first, read: true });
    const readAt = read.json<{ readAt: string }>().readAt;
    // Reading again keeps the first read time.
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/notifications/${first}/read`,
      token: handler,
    });
    expect(again.json()).toMatchObject({ readAt });

    const unread = await inbox(handler, '?unread=true');
    expect(unread).toMatchObject({ total: 1, unreadCount: 1 });
    expect(unread.items.map((n) => n.note)).toEqual(['区级督办']);
    // The reviewer of the same department sees both, still unread for them.
    expect(await inbox(reviewer)).toMatchObject({ total: 2, unreadCount: 2 });

    const all = await t.request({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      token: handler,
    });
    expect(all.json()).toEqual({ marked: 1 });
    expect(await inbox(handler)).toMatchObject({ total: 2, unreadCount: 0 });
    expect(await inbox(handler, '?unread=true')).toMatchObject({ total: 0, items: [] });
    expect(await inbox(reviewer)).toMatchObject({ unreadCount: 2 });

    const paged = await inbox(reviewer, '?limit=1&offset=1');
    expect(paged).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.items.map((n) => n.note)).toEqual(['已超期，请今日内处置']);
  });

  it('a malformed id is 400 and an unknown one 404', async () => {
    const handler = await t.login(`handler.${department}`);
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/notifications/not-a-uuid/read',
      token: handler,
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read',
      token: handler,
    });
    expectProblem(unknown, 404, 'not_found');
  });
});
