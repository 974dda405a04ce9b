import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { ObservedDevice } from './rule-index.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const t0 = Date.UTC(2026, 10, 22, 2, 0, 0);

function billboard(n: number, streetId = '310101002', gridId = '310101002001'): ObservedDevice {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `南京东路广告牌-${n}`,
    productId: 'billboard',
    tags: ['billboard'],
    gridId,
    streetId,
    districtId: streetId.slice(0, 6),
    departmentId: null,
    location: [121.48, 31.235],
  };
}

async function observe(device: ObservedDevice, seconds: number, values: Record<string, number>) {
  const ts = t0 + seconds * 1000;
  await t.app.platform.uow.run((ctx) =>
    t.app.alerts.observe(
      ctx,
      [{ device, readings: Object.entries(values).map(([key, value]) => ({ key, value, ts })) }],
      new Date(ts),
    ),
  );
}

async function createRule(body: Record<string, unknown>, token = admin) {
  return t.request({ method: 'POST', url: '/api/v1/alert-rules', token, payload: body });
}

async function outbox(type: string) {
  return t.app.platform.db.rows<{
    payload: { alertId?: string; incidentId?: string | null; reason?: string };
  }>(sql`SELECT payload FROM platform_outbox WHERE type = ${type} ORDER BY seq`);
}

interface AlertBody {
  id: string;
  status: string;
  version: number;
  reason: string;
  incidentId: string | null;
  acknowledgedBy: string | null;
}

describe('alert rules and the alert lifecycle', () => {
  let ruleId = '';

  it('raises one alert when "tilt > 5° for 2 minutes" holds for a billboard in 黄浦区, and none before', async () => {
    const created = await createRule({
      name: '广告牌倾斜',
      severity: 'major',
      productId: 'billboard',
      regionId: '310101',
      condition: { type: 'threshold', key: 'tilt', op: '>', value: 5, forSeconds: 120 },
    });
    expect(created.statusCode).toBe(201);
    ruleId = created.json<{ id: string }>().id;

    const device = billboard(1);
    await observe(device, 0, { tilt: 5.5 });
    await observe(device, 60, { tilt: 5.9 });
    expect(await outbox('iot.alert.raised')).toHaveLength(0);
    await observe(device, 130, { tilt: 6.3 });
    await observe(device, 160, { tilt: 6.4 }); // still above: de-duplicated, no second alert
    const raised = await outbox('iot.alert.raised');
    expect(raised).toHaveLength(1);
    expect(raised[0]?.payload.reason).toBe('tilt 6.3 > 5 for 130 s');

    const list = await t.request({
      method: 'GET',
      url: `/api/v1/alerts?ruleId=${ruleId}`,
      token: admin,
    });
    expect(list.json<{ items: AlertBody[] }>().items).toEqual([
      expect.objectContaining({ status: 'active', reason: 'tilt 6.3 > 5 for 130 s' }),
    ]);
  });

  it('does not apply the rule outside its region', async () => {
    const xuhui = billboard(2, '310104003', '310104003001');
    await observe(xuhui, 0, { tilt: 9 });
    await observe(xuhui, 200, { tilt: 9 });
    expect(await outbox('iot.alert.raised')).toHaveLength(1);
  });

  it('walks active → acknowledged → cleared → closed, recording who, with optimistic concurrency', async () => {
    const [alert] = (
      await t.request({ method: 'GET', url: `/api/v1/alerts?ruleId=${ruleId}`, token: admin })
    ).json<{
      items: AlertBody[];
    }>().items;
    const worker = await t.login('gridworker.310101002001');
    const ack = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/acknowledge`,
      token: worker,
      payload: { version: alert!.version, note: '已到现场，拉警戒线' },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json<AlertBody>()).toMatchObject({
      status: 'acknowledged',
      version: alert!.version + 1,
    });
    expect(ack.json<AlertBody>().acknowledgedBy).toBeTruthy();

    // A second person acting on the version they read loses with a clear conflict.
    const stale = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/acknowledge`,
      token: admin,
      payload: { version: alert!.version },
    });
    expectProblem(stale, 409, 'version_conflict');

    // Closing before clearing is not a valid step.
    const early = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/close`,
      token: admin,
      payload: { version: alert!.version + 1 },
    });
    expectProblem(early, 409, 'invalid_transition');

    const cleared = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/clear`,
      token: worker,
      payload: { version: alert!.version + 1 },
    });
    expect(cleared.json<AlertBody>().status).toBe('cleared');
    const closed = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/close`,
      token: admin,
      payload: { version: alert!.version + 2 },
    });
    expect(closed.json<AlertBody>().status).toBe('closed');
    expect((await outbox('iot.alert.acknowledged')).length).toBe(1);
    expect((await outbox('iot.alert.closed')).length).toBe(1);
  });

  it('clears an alert by itself when the condition stops holding', async () => {
    const device = billboard(3);
    await observe(device, 0, { tilt: 7 });
    await observe(device, 150, { tilt: 7 });
    const before = (await outbox('iot.alert.raised')).length;
    expect(before).toBeGreaterThanOrEqual(2);
    await observe(device, 200, { tilt: 1 });
    const cleared = await outbox('iot.alert.cleared');
    expect(cleared.some((e) => e.payload.reason === 'tilt 7 > 5 for 150 s')).toBe(true);
  });

  it('keeps staff out of alerts outside their region', async () => {
    const [alert] = (
      await t.request({ method: 'GET', url: `/api/v1/alerts?ruleId=${ruleId}`, token: admin })
    ).json<{
      items: AlertBody[];
    }>().items;
    const xuhuiWorker = await t.login('handler.310104');
    expectProblem(
      await t.request({
        method: 'POST',
        url: `/api/v1/alerts/${alert!.id}/acknowledge`,
        token: xuhuiWorker,
        payload: { version: alert!.version },
      }),
      403,
      'forbidden',
    );
    const list = await t.request({ method: 'GET', url: '/api/v1/alerts', token: xuhuiWorker });
    expect(list.json<{ total: number }>().total).toBe(0);
    const citizen = await t.login('citizen');
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/alerts', token: citizen }),
      403,
      'forbidden',
    );
  });

  it('refuses a rule without scope, with an unknown region, or with a malformed condition', async () => {
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        condition: { type: 'threshold', key: 'tilt', op: '>', value: 1 },
      }),
      400,
      'rule_scope_required',
    );
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        regionId: '999999',
        condition: { type: 'noData', seconds: 60 },
      }),
      400,
      'unknown_region',
    );
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        productId: 'billboard',
        condition: { type: 'threshold', key: 'tilt', op: '≈', value: 1 },
      }),
      400,
      'validation_failed',
    );
    // Conditions that could never hold against the demo billboards' thing model.
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        productId: 'billboard-tilt',
        condition: { type: 'threshold', key: 'tilt', op: '>', value: 5, forSeconds: 120 },
      }),
      400,
      'unknown_property',
    );
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        productId: 'billboard-tilt',
        condition: { type: 'threshold', key: 'tiltX', op: '>', value: 'five' },
      }),
      400,
      'condition_type_mismatch',
    );
    expectProblem(
      await createRule({
        name: 'x',
        severity: 'minor',
        regionId: '310101',
        condition: { type: 'threshold', key: 'tiltZ', op: '>', value: 5 },
      }),
      400,
      'unknown_property',
    );
    // A disabled rule never fires: it is not checked, so an old one can still be switched off.
    expect(
      (
        await createRule({
          name: 'x',
          severity: 'minor',
          productId: 'billboard-tilt',
          condition: { type: 'threshold', key: 'tilt', op: '>', value: 5 },
          enabled: false,
        })
      ).statusCode,
    ).toBe(201);
    const valid = await createRule({
      name: '黄浦区广告牌倾斜',
      severity: 'minor',
      productId: 'billboard-tilt',
      regionId: '310101',
      condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5, forSeconds: 120 },
    });
    expect(valid.statusCode).toBe(201);
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/alert-rules/${valid.json<{ id: string }>().id}`,
      token: admin,
    });
    expect(removed.statusCode).toBe(204);
  });
});

describe('alarm-storm correlation', () => {
  it('turns many alerts of one rule in one street into one incident with children', async () => {
    const created = await createRule({
      name: '井盖位移',
      severity: 'critical',
      productId: 'manhole',
      regionId: '310101',
      condition: { type: 'threshold', key: 'open', op: '==', value: 1 },
      stormThreshold: 5,
      stormWindowSeconds: 300,
    });
    const rule = created.json<{ id: string }>();
    const street = '310101013';
    const manholes = Array.from({ length: 12 }, (_, i) => ({
      ...billboard(100 + i, street, `${street}001`),
      productId: 'manhole',
      name: `外滩井盖-${i}`,
    }));
    // A power cut: all of them report at once, in one batch.
    const ts = Date.now();
    await t.app.platform.uow.run((ctx) =>
      t.app.alerts.observe(
        ctx,
        manholes.map((device) => ({ device, readings: [{ key: 'open', value: 1, ts }] })),
        new Date(ts),
      ),
    );
    const incidents = await t.request({
      method: 'GET',
      url: '/api/v1/incidents?status=open',
      token: admin,
    });
    const [incident] = incidents
      .json<{ items: Array<{ id: string; alertCount: number; ruleId: string }> }>()
      .items.filter((i) => i.ruleId === rule.id);
    expect(incident?.alertCount).toBe(12);
    expect((await outbox('iot.incident.opened')).length).toBe(1);
    const detail = await t.request({
      method: 'GET',
      url: `/api/v1/incidents/${incident!.id}`,
      token: admin,
    });
    expect(detail.json<{ alerts: AlertBody[] }>().alerts).toHaveLength(12);

    // A thirteenth one later joins the same incident instead of paging again.
    const late = {
      ...manholes[0]!,
      id: '00000000-0000-4000-8000-000000000999',
      name: '外滩井盖-late',
    };
    await t.app.platform.uow.run((ctx) =>
      t.app.alerts.observe(
        ctx,
        [{ device: late, readings: [{ key: 'open', value: 1, ts: ts + 1000 }] }],
        new Date(ts + 1000),
      ),
    );
    expect((await outbox('iot.incident.opened')).length).toBe(1);
    const raised = await outbox('iot.alert.raised');
    expect(raised.at(-1)?.payload.incidentId).toBe(incident!.id);

    // When every child clears, the incident closes.
    await t.app.platform.uow.run((ctx) =>
      t.app.alerts.observe(
        ctx,
        [...manholes, late].map((device) => ({
          device,
          readings: [{ key: 'open', value: 0, ts: ts + 5000 }],
        })),
        new Date(ts + 5000),
      ),
    );
    expect((await outbox('iot.incident.closed')).length).toBe(1);
  });
});

describe('plain thresholds', () => {
  it('write their state only when the outcome turns, and stay latched after a person clears', async () => {
    const created = await createRule({
      name: '风速过高',
      severity: 'minor',
      productId: 'anemometer',
      regionId: '310101',
      condition: { type: 'threshold', key: 'wind', op: '>', value: 10 },
    });
    const rule = created.json<{ id: string }>();
    const device = { ...billboard(500), productId: 'anemometer', name: '外滩风速-1' };
    const state = async () =>
      (
        await t.app.platform.db.rows<{ n: number; open: string | null; latched: boolean | null }>(
          sql`SELECT count(*)::int AS n, max(open_alert_id::text) AS open,
                     bool_or((state->>'latched')::boolean) AS latched
                FROM alerts_rule_states WHERE rule_id = ${rule.id}::uuid`,
        )
      )[0];
    const raisedFor = async () =>
      (await outbox('iot.alert.raised')).filter((e) => e.payload.reason?.startsWith('wind'));
    const clearedFor = async () =>
      (await outbox('iot.alert.cleared')).filter((e) => e.payload.reason?.startsWith('wind'));

    await observe(device, 0, { wind: 3 });
    await observe(device, 10, { wind: 4 });
    expect(await state()).toEqual({ n: 0, open: null, latched: null }); // nothing to remember
    await observe(device, 20, { wind: 12 });
    await observe(device, 30, { wind: 13 }); // still above: one alert
    expect(await raisedFor()).toHaveLength(1);
    expect((await state())?.open).not.toBeNull();
    await observe(device, 40, { wind: 2 });
    expect(await clearedFor()).toHaveLength(1);
    expect((await state())?.open).toBeNull();

    // Raised again, cleared by a person while still windy: no new alert until it calms down.
    await observe(device, 50, { wind: 15 });
    const [again] = (
      await t.request({ method: 'GET', url: `/api/v1/alerts?ruleId=${rule.id}`, token: admin })
    )
      .json<{ items: AlertBody[] }>()
      .items.filter((a) => a.status === 'active');
    const cleared = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${again!.id}/clear`,
      token: admin,
      payload: { version: again!.version },
    });
    expect(cleared.statusCode).toBe(200);
    await observe(device, 60, { wind: 16 });
    expect(await raisedFor()).toHaveLength(2);
    expect((await state())?.latched).toBe(true);
    await observe(device, 70, { wind: 1 }); // calm: unlatched
    expect((await state())?.latched).toBeNull();
    await observe(device, 80, { wind: 11 });
    expect(await raisedFor()).toHaveLength(3);
  });
});

describe('time-based rules', () => {
  it('raises "no data" from the periodic sweep when a device falls silent', async () => {
    await createRule({
      name: '水压计无数据',
      severity: 'warning',
      productId: 'water-pressure',
      condition: { type: 'noData', key: 'pressure', seconds: 600 },
    });
    const gauge = { ...billboard(500), productId: 'water-pressure', name: '水压计-500' };
    const start = Date.now();
    await t.app.platform.uow.run((ctx) =>
      t.app.alerts.observe(
        ctx,
        [{ device: gauge, readings: [{ key: 'pressure', value: 0.32, ts: start }] }],
        new Date(start),
      ),
    );
    const before = (await outbox('iot.alert.raised')).length;
    await t.app.platform.uow.run((ctx) => t.app.alerts.sweep(ctx, new Date(start + 300_000)));
    expect((await outbox('iot.alert.raised')).length).toBe(before);
    await t.app.platform.uow.run((ctx) => t.app.alerts.sweep(ctx, new Date(start + 601_000)));
    const raised = await outbox('iot.alert.raised');
    expect(raised.length).toBe(before + 1);
    expect(raised.at(-1)?.payload.reason).toBe('no pressure for 601 s');
  });
});

describe('the owning department on alert views', () => {
  it('shows the department’s id and names in list and detail, and filters the list by it', async () => {
    const created = await createRule({
      name: '幕墙振动（部门测试）',
      severity: 'major',
      tag: 'curtain-dept',
      condition: { type: 'threshold', key: 'vibration', op: '>', value: 3 },
    });
    expect(created.statusCode).toBe(201);
    const ruleId = created.json<{ id: string }>().id;
    const owned = (n: number, departmentId: string | null): ObservedDevice => ({
      ...billboard(n),
      name: `幕墙-${n}`,
      tags: ['curtain-dept'],
      departmentId,
    });
    await observe(owned(901, '310101.sthj'), 0, { vibration: 4 });
    await observe(owned(902, '310101.cg'), 0, { vibration: 4 });
    await observe(owned(903, null), 0, { vibration: 4 });

    const sthj = (await t.app.identity.listDepartments({})).find((d) => d.id === '310101.sthj');
    if (!sthj) throw new Error('the demo seed has no 310101.sthj');
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/alerts?ruleId=${ruleId}`,
      token: admin,
    });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(items).toHaveLength(3);
    const ofSthj = items.find((a) => a.departmentId === '310101.sthj');
    expect(ofSthj).toMatchObject({ departmentName: sthj.name, departmentNameEn: sthj.nameEn });
    expect(items.find((a) => a.deviceName === '幕墙-903')).toMatchObject({
      departmentId: null,
      departmentName: null,
      departmentNameEn: null,
    });

    const one = await t.request({
      method: 'GET',
      url: `/api/v1/alerts/${String(ofSthj?.id)}`,
      token: admin,
    });
    expect(one.json()).toMatchObject({ departmentId: '310101.sthj', departmentName: sthj.name });

    const filtered = await t.request({
      method: 'GET',
      url: `/api/v1/alerts?ruleId=${ruleId}&departmentId=310101.cg`,
      token: admin,
    });
    const cg = filtered.json<{ items: Array<{ deviceName: string }>; total: number }>();
    expect(cg.total).toBe(1);
    expect(cg.items.map((a) => a.deviceName)).toEqual(['幕墙-902']);
  });
});
