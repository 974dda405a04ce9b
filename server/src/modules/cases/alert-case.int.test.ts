import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/test-app.ts';
import { waitFor } from '../../../test/support/test-platform.ts';
import type { ObservedDevice } from '../alerts/index.ts';
import {
  centroidOf,
  detail,
  outboxOf,
  step,
  type CaseBody,
  type CaseDetailBody,
  startCasesTestApp,
} from './cases.test-support.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startCasesTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

/** The n-th grid of 南京东路街道. */
const gridOf = (n: number) => t.app.regions.children('310101002')[n]?.id as string;

function device(n: number, productId: string, gridId: string): ObservedDevice {
  return {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    name: `${productId}-${n}`,
    productId,
    tags: [],
    gridId,
    streetId: gridId.slice(0, 9),
    districtId: gridId.slice(0, 6),
    departmentId: null,
    location: centroidOf(t, gridId),
  };
}

async function observe(d: ObservedDevice, values: Record<string, number>) {
  const now = Date.now();
  await t.app.platform.uow.run((ctx) =>
    t.app.alerts.observe(
      ctx,
      [
        {
          device: d,
          readings: Object.entries(values).map(([key, value]) => ({ key, value, ts: now })),
        },
      ],
      new Date(now),
    ),
  );
}

async function rule(name: string, productId: string, key: string, value: number) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/alert-rules',
    token: admin,
    payload: {
      name,
      severity: 'major',
      productId,
      regionId: '310101',
      condition: { type: 'threshold', key, op: '>', value },
    },
  });
  expect(response.statusCode).toBe(201);
}

async function alertOf(d: ObservedDevice): Promise<string> {
  const [row] = await t.app.platform.db.rows<{ id: string }>(
    sql`SELECT id FROM alerts_alerts WHERE device_id = ${d.id} ORDER BY raised_at DESC LIMIT 1`,
  );
  return row?.id as string;
}

async function caseOfAlert(alertId: string, stage?: string): Promise<CaseDetailBody> {
  return waitFor(
    async () => {
      const [row] = await t.app.platform.db.rows<{ id: string; stage: string }>(
        sql`SELECT id, stage FROM cases_cases WHERE alert_id = ${alertId}`,
      );
      if (!row || (stage && row.stage !== stage)) return undefined;
      return detail(t, admin, row.id);
    },
    { what: `case of alert ${alertId}${stage ? ` in ${stage}` : ''}`, timeoutMs: 20_000 },
  );
}

describe('IoT alerts become cases and close the loop when they clear', () => {
  it('opens a registered, urgent 道路积水 case for a water-level alert, linked both ways', async () => {
    await rule('积水超过 30 cm', 'water-level', 'level', 0.3);
    const gauge = device(1, 'water-level', gridOf(2));
    await observe(gauge, { level: 0.45 });
    const alertId = await alertOf(gauge);
    const c = await caseOfAlert(alertId, 'registered');
    expect(c).toMatchObject({
      classId: 'E0401',
      alertId,
      gridId: gridOf(2),
      stage: 'registered',
    });
    expect(c.timeline.map((e) => [e.action, e.actorRole])).toEqual([
      ['collect', 'system'],
      ['register', 'system'],
    ]);
    const [opened] = await outboxOf<{ alertId: string; source: string; priority: string }>(
      t,
      'cases.case.opened',
      c.id,
    );
    expect(opened).toMatchObject({ alertId, source: 'iot_alert', priority: 'urgent' });

    // The same alert delivered again (a replayed event with a new id) opens no second case.
    const [raised] = await t.app.platform.db.rows<{ payload: unknown }>(
      sql`SELECT payload FROM platform_outbox WHERE type = 'iot.alert.raised' AND payload->>'alertId' = ${alertId}`,
    );
    await t.app.platform.uow.run((ctx) =>
      ctx.emit({ type: 'iot.alert.raised', payload: raised?.payload }),
    );
    await waitFor(
      async () => {
        const [row] = await t.app.platform.db.rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM platform_inbox WHERE consumer = 'cases.alert-to-case'`,
        );
        return (row?.n ?? 0) >= 2;
      },
      { what: 'the replay handled' },
    );
    const [count] = await t.app.platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM cases_cases WHERE alert_id = ${alertId}`,
    );
    expect(count?.n).toBe(1);

    // The water recedes before anyone was dispatched: the alert clears and the case closes.
    await observe(gauge, { level: 0.05 });
    const closed = await caseOfAlert(alertId, 'closed');
    expect(closed.timeline.slice(-2).map((e) => [e.action, e.toStage])).toEqual([
      ['alert_cleared', 'registered'],
      ['alert_cleared_close', 'closed'],
    ]);
    const [event] = await outboxOf<{ reason: string }>(t, 'cases.case.closed', c.id);
    expect(event?.reason).toBe('alert_cleared');
    const [note] = await outboxOf<{ closed: boolean }>(t, 'cases.case.alertCleared', c.id);
    expect(note?.closed).toBe(true);
  });

  it('only notes the clearing on a dispatched case, and on classes configured to keep open', async () => {
    await rule('广告牌倾斜超限', 'billboard-tilt', 'tiltX', 5);
    const sign = device(2, 'billboard-tilt', gridOf(3));
    await observe(sign, { tiltX: 7.5 });
    const alertId = await alertOf(sign);
    let c: CaseBody = await caseOfAlert(alertId, 'registered');
    expect(c.classId).toBe('C0303');
    c = await step(t, await t.login('dispatcher.310101'), c, 'dispatch');
    expect(c.assigneeDepartmentId).toBe('310101.lhsr');

    await observe(sign, { tiltX: 1 });
    const after = await waitFor(
      async () => {
        const d = await detail(t, admin, c.id);
        return d.timeline.some((e) => e.action === 'alert_cleared') ? d : undefined;
      },
      { what: 'the clearing noted', timeoutMs: 20_000 },
    );
    expect(after.stage).toBe('dispatched');
    const [note] = await outboxOf<{ closed: boolean }>(t, 'cases.case.alertCleared', c.id);
    expect(note?.closed).toBe(false);
  });

  it('ignores alerts no mapping admits', async () => {
    await rule('客流偏高', 'crowd-counter', 'count', 10);
    const counter = device(3, 'crowd-counter', gridOf(4));
    // Without the crowd-counter mapping, a crowd alert is left to the alert desk.
    const mappings = await t.request({
      method: 'GET',
      url: '/api/v1/case-alert-mappings',
      token: admin,
    });
    const crowd = mappings
      .json<{ items: Array<{ id: string; productId: string | null }> }>()
      .items.find((m) => m.productId === 'crowd-counter');
    await t.request({
      method: 'DELETE',
      url: `/api/v1/case-alert-mappings/${crowd?.id}`,
      token: admin,
    });
    await observe(counter, { count: 50 });
    const alertId = await alertOf(counter);
    await waitFor(
      async () => {
        const [row] = await t.app.platform.db.rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM platform_inbox i JOIN platform_outbox o ON o.event_id = i.event_id
              WHERE i.consumer = 'cases.alert-to-case' AND o.payload->>'alertId' = ${alertId}`,
        );
        return (row?.n ?? 0) >= 1;
      },
      { what: 'the alert handled' },
    );
    const [count] = await t.app.platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM cases_cases WHERE alert_id = ${alertId}`,
    );
    expect(count?.n).toBe(0);
  });
});
