import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OneCity } from '../../app.ts';
import { Platform } from '../../platform/platform.ts';
import { testLogger, waitFor } from '../../../test/support/test-platform.ts';
import { DUE_TIMER, ESCALATE_TIMER, WARN_TIMER } from './case-deadlines.ts';
import {
  centroidOf,
  report,
  startCasesTestApp,
  step,
  type CaseBody,
  type CasesTestApp,
} from './cases.test-support.ts';

let t: CasesTestApp;
let app: OneCity;

beforeAll(async () => {
  t = await startCasesTestApp({ onDisk: true });
  app = t.app;
}, 300_000);
afterAll(() => t.close());

/** Runs SQL against the data while no OneCity is running (the "server is down" window). */
async function whileDown(statement: ReturnType<typeof sql>) {
  const platform = await Platform.open({ config: t.env.config, logger: testLogger() });
  try {
    await platform.db.rows(statement);
  } finally {
    await platform.close();
  }
}

async function caseRow(id: string) {
  const [row] = await app.platform.db.rows<{
    overdue: boolean;
    overdue_count: number;
    escalation_level: string;
    version: number;
  }>(
    sql`SELECT overdue, overdue_count, escalation_level, version FROM cases_cases WHERE id = ${id}`,
  );
  return row;
}

async function outboxTypes(id: string): Promise<string[]> {
  const rows = await app.platform.db.rows<{ type: string }>(
    sql`SELECT type FROM platform_outbox WHERE payload->>'caseId' = ${id} ORDER BY seq`,
  );
  return rows.map((r) => r.type);
}

describe('deadlines are durable timers on the work calendar', () => {
  it('a deadline that passed while the server was down fires on start: overdue, escalated', async () => {
    const worker = await t.login('gridworker.310101002');
    let c: CaseBody = (
      await report(t, worker, {
        classId: 'E0302',
        at: centroidOf(t, t.app.regions.children('310101002')[5]?.id as string),
      })
    ).case;
    c = await step(t, await t.login('acceptor.310101'), c, 'register');
    c = await step(t, await t.login('dispatcher.310101'), c, 'dispatch');
    const due = await app.platform.timerRepository.find(app.platform.db.orm, DUE_TIMER, c.id);
    expect(due?.status).toBe('pending');
    expect(due?.dueAt.toISOString()).toBe(c.deadlineAt);

    await app.close();
    // The server is down while the deadline passes: the clock moves past both timers.
    await whileDown(
      sql`UPDATE platform_timers SET due_at = now() - interval '1 minute'
          WHERE key = ${c.id} AND kind IN (${WARN_TIMER}, ${DUE_TIMER})`,
    );
    app = await t.restart();

    const overdue = await waitFor(
      async () => {
        const row = await caseRow(c.id);
        return row?.overdue && row.escalation_level === 'street' ? row : undefined;
      },
      { what: 'the case overdue and escalated after the restart', timeoutMs: 20_000 },
    );
    expect(overdue.overdue_count).toBe(1);
    expect(await outboxTypes(c.id)).toEqual(
      expect.arrayContaining([
        'cases.case.deadlineNear',
        'cases.case.overdue',
        'cases.case.escalated',
      ]),
    );
    const timeline = await app.platform.db.rows<{ action: string; actor_role: string }>(
      sql`SELECT action, actor_role FROM cases_timeline WHERE case_id = ${c.id} ORDER BY id`,
    );
    expect(timeline.slice(-3)).toEqual([
      { action: 'deadline_near', actor_role: 'system' },
      { action: 'overdue', actor_role: 'system' },
      { action: 'escalate', actor_role: 'system' },
    ]);

    // Still overdue later: it climbs again, street → district, on the escalation timer.
    const next = await app.platform.timerRepository.find(app.platform.db.orm, ESCALATE_TIMER, c.id);
    expect(next?.status).toBe('pending');
    await app.platform.db.rows(
      sql`UPDATE platform_timers SET due_at = now() - interval '1 second' WHERE kind = ${ESCALATE_TIMER} AND key = ${c.id}`,
    );
    await waitFor(async () => (await caseRow(c.id))?.escalation_level === 'district', {
      what: 'escalation to the district',
      timeoutMs: 20_000,
    });
  });

  it('a timer for a deadline the case no longer runs against does nothing', async () => {
    const worker = await t.login('gridworker.310101002');
    const acceptor = await t.login('acceptor.310101');
    let c: CaseBody = (
      await report(t, worker, {
        classId: 'E0503',
        at: centroidOf(t, t.app.regions.children('310101002')[6]?.id as string),
      })
    ).case;
    c = await step(t, acceptor, c, 'register');
    // A stale timer: scheduled for another deadline than the one the case now has.
    await app.platform.uow.run((ctx) =>
      ctx.schedule({
        kind: DUE_TIMER,
        key: c.id,
        dueAt: new Date(Date.now() - 1000),
        payload: { stage: 'dispatch', deadlineAt: '2020-01-01T00:00:00.000Z' },
      }),
    );
    await waitFor(
      async () =>
        (await app.platform.timerRepository.find(app.platform.db.orm, DUE_TIMER, c.id))?.status ===
        'fired',
      { what: 'the stale timer fired' },
    );
    expect(await caseRow(c.id)).toMatchObject({ overdue: false, version: c.version });
  });

  it('a case resumed after its deadline passed keeps escalating (挂账 → 恢复)', async () => {
    const worker = await t.login('gridworker.310101002');
    const dispatcher = await t.login('dispatcher.310101');
    let c: CaseBody = (
      await report(t, worker, {
        classId: 'E0302',
        at: centroidOf(t, t.app.regions.children('310101002')[7]?.id as string),
      })
    ).case;
    c = await step(t, await t.login('acceptor.310101'), c, 'register');
    c = await step(t, dispatcher, c, 'dispatch');
    const due = (kinds: string[]) =>
      app.platform.db.rows(
        sql`UPDATE platform_timers SET due_at = now() - interval '1 second'
            WHERE key = ${c.id} AND kind IN (${sql.join(
              kinds.map((k) => sql`${k}`),
              sql`, `,
            )})`,
      );
    // The handling deadline really passed a minute ago: the case and its timers say so.
    const passed = new Date(Date.now() - 60_000);
    await app.platform.db.rows(
      sql`UPDATE cases_cases SET deadline_at = ${passed} WHERE id = ${c.id}`,
    );
    await app.platform.db.rows(
      sql`UPDATE platform_timers
             SET payload = jsonb_set(payload, '{deadlineAt}', to_jsonb(${passed.toISOString()}::text))
           WHERE key = ${c.id} AND kind IN (${WARN_TIMER}, ${DUE_TIMER})`,
    );
    await due([WARN_TIMER, DUE_TIMER]);
    await waitFor(async () => (await caseRow(c.id))?.escalation_level === 'street', {
      what: 'overdue and escalated to the street',
      timeoutMs: 20_000,
    });
    c = { ...c, version: (await caseRow(c.id))?.version ?? c.version };
    c = await step(t, dispatcher, c, 'suspend', { note: '等待产权单位确认' });
    expect(
      (await app.platform.timerRepository.find(app.platform.db.orm, ESCALATE_TIMER, c.id))?.status,
    ).not.toBe('pending');
    c = await step(t, dispatcher, c, 'resume');
    expect(c.overdue).toBe(true);
    // Its deadline is already spent: the due timer fires at once and plans the next step up.
    await due([DUE_TIMER]);
    await waitFor(
      async () =>
        (await app.platform.timerRepository.find(app.platform.db.orm, ESCALATE_TIMER, c.id))
          ?.status === 'pending',
      { what: 'the next escalation planned after resuming', timeoutMs: 20_000 },
    );
    expect((await caseRow(c.id))?.overdue_count).toBe(1);
    await due([ESCALATE_TIMER]);
    await waitFor(async () => (await caseRow(c.id))?.escalation_level === 'district', {
      what: 'escalation to the district after resuming',
      timeoutMs: 20_000,
    });
  });
});
