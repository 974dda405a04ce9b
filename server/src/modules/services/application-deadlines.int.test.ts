import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneCity } from '../../app.ts';
import { Platform } from '../../platform/platform.ts';
import { startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { testLogger, waitFor } from '../../../test/support/test-platform.ts';
import { TASK_DUE_TIMER, TASK_WARN_TIMER } from './application-deadlines.ts';
import { applied, detail, taskFor } from './services.test-support.ts';

let t: TestApp;
let app: OneCity;

beforeAll(async () => {
  t = await startTestApp({}, { onDisk: true });
  app = t.app;
});
afterAll(async () => {
  await app.close().catch(() => undefined);
  await t.env.cleanup();
});

/** Runs SQL against the data while no OneCity is running (the "server is down" window). */
async function whileDown(statement: ReturnType<typeof sql>) {
  const platform = await Platform.open({ config: t.env.config, logger: testLogger() });
  try {
    await platform.db.rows(statement);
  } finally {
    await platform.close();
  }
}

describe('deadlines are durable timers on the work calendar', () => {
  it('a task deadline that passed while the server was down fires on start: overdue, warned, announced', async () => {
    const citizen = await t.login('citizen.realname');
    // Tokens from before the restart stay valid: the signing keys are in the database.
    const ga = await t.login('reviewer.310101.ga');
    const application = await applied(t, citizen, {
      target: { kind: 'item', id: 'no-criminal-record' },
      districtId: '310101',
      form: {
        applicantName: '陈静',
        idNumber: '310101199001011234',
        phone: '13800002222',
        purpose: '入职',
      },
      materials: {},
      submit: true,
    });
    const task = taskFor(application, null);
    // Acceptance within 2 working days: the close of the second working day after today.
    const expected = app.calendar.current().addWorkingDays(new Date(task.openedAt!), 2);
    expect(task.deadlineAt).toBe(expected.toISOString());
    const due = await app.platform.timerRepository.find(
      app.platform.db.orm,
      TASK_DUE_TIMER,
      task.id,
    );
    const warn = await app.platform.timerRepository.find(
      app.platform.db.orm,
      TASK_WARN_TIMER,
      task.id,
    );
    expect(due).toMatchObject({ status: 'pending' });
    expect(due?.dueAt.toISOString()).toBe(task.deadlineAt);
    expect(warn?.status).toBe('pending');
    expect(warn!.dueAt.getTime()).toBeLessThan(due!.dueAt.getTime());

    await app.close();
    // The server is down while the deadline passes: the clock moves past both timers.
    await whileDown(
      sql`UPDATE platform_timers SET due_at = now() - interval '1 minute'
          WHERE key = ${task.id} AND kind IN (${TASK_WARN_TIMER}, ${TASK_DUE_TIMER})`,
    );
    app = await OneCity.create({ config: t.env.config, logger: testLogger(), seedDemo: false });
    await app.prepare();
    t = {
      ...t,
      app,
      request: ({ token, headers, ...rest }) =>
        app.http.inject({
          ...rest,
          headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        }),
    };

    const overdue = await waitFor(
      async () => {
        const a = await detail(t, citizen, application.id);
        const acceptance = taskFor(a, null);
        return acceptance.overdue ? a : undefined;
      },
      { what: 'the task overdue after the restart', timeoutMs: 20_000 },
    );
    expect(taskFor(overdue, null)).toMatchObject({
      overdue: true,
      deadlineNear: true,
      status: 'pending',
    });
    expect(overdue.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['deadline_near', 'overdue']),
    );
    const events = await app.platform.db.rows<{ type: string }>(
      sql`SELECT type FROM platform_outbox WHERE payload->>'taskId' = ${task.id} ORDER BY seq`,
    );
    expect(events.map((e) => e.type)).toEqual([
      'services.task.opened',
      'services.task.deadlineNear',
      'services.task.overdue',
    ]);
    // Each fired once, on this node.
    const timers = await app.platform.db.rows<{ kind: string; status: string }>(
      sql`SELECT kind, status FROM platform_timers WHERE key = ${task.id} ORDER BY kind`,
    );
    expect(timers).toEqual([
      { kind: TASK_DUE_TIMER, status: 'fired' },
      { kind: TASK_WARN_TIMER, status: 'fired' },
    ]);
    // The overdue task leads its department's queue, flagged; the reviewer still decides it
    // with the version they read (the flags do not bump it).
    const queue = (
      await t.request({ method: 'GET', url: '/api/v1/services/queue?overdue=true', token: ga })
    ).json<{ items: Array<{ task: { id: string; overdue: boolean; version: number } }> }>();
    const entry = queue.items.find((e) => e.task.id === task.id);
    expect(entry?.task).toMatchObject({ overdue: true, version: task.version });
  });
});
