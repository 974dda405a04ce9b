import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { ConsumerRunner } from '../../platform/events/consumer-runner.ts';
import type { DomainEvent } from '../../platform/events/event.ts';
import { startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { outboxEvents as outboxOf } from '../../../test/support/outbox.ts';
import { testLogger, waitFor } from '../../../test/support/test-platform.ts';
import type { ObservedDevice } from '../alerts/index.ts';

interface InboxItem {
  id: string;
  kind: string;
  departmentId: string;
  note: string | null;
  alertId: string | null;
  incidentId: string | null;
  severity: string | null;
  title: string | null;
  deviceName: string | null;
  alertCount: number | null;
  read: boolean;
}

let t: TestApp;
let admin: string;
const STHJ = '310101.sthj';
const CG = '310101.cg';

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
}, 300_000);
afterAll(() => t.close());

/** The alert and incident notifications in a department's inbox (as its handler sees them). */
async function alertInbox(departmentId: string): Promise<InboxItem[]> {
  const response = await t.request({
    method: 'GET',
    url: '/api/v1/notifications?limit=200',
    token: await t.login(`handler.${departmentId}`),
  });
  if (response.statusCode !== 200) throw new Error(`inbox: ${response.body}`);
  return response
    .json<{ items: InboxItem[] }>()
    .items.filter((n) => n.kind === 'alert_raised' || n.kind === 'incident_opened');
}

const outboxEvents = (type: string, where: SQL) => outboxOf(t.app.platform.db, type, where);

/** A tilt sensor on a billboard in 外滩街道's first grid, tagged `tag`, owned by `departmentId`. */
function tiltSensor(
  series: string,
  tag: string,
  n: number,
  departmentId: string | null,
): ObservedDevice {
  const street = t.app.regions.children('310101')[1]!;
  const grid = t.app.regions.children(street.id)[0]!;
  return {
    id: `00000000-0000-4000-${series}000-${String(n).padStart(12, '0')}`,
    name: `${tag}-倾角-${n}`,
    productId: 'billboard-tilt',
    tags: [tag],
    gridId: grid.id,
    streetId: street.id,
    districtId: '310101',
    departmentId,
    location: t.app.regions.get(grid.id).centroid,
  };
}

/** The alert rules see one tilt reading from each device, now. */
async function observeTilt(devices: ObservedDevice[], tilt: number) {
  const now = Date.now();
  await t.app.platform.uow.run((ctx) =>
    t.app.alerts.observe(
      ctx,
      devices.map((device) => ({ device, readings: [{ key: 'tiltX', value: tilt, ts: now }] })),
      new Date(now),
    ),
  );
}

/** Waits until the alert consumer has handled these events (so an absence means something). */
async function handled(events: DomainEvent[]): Promise<void> {
  const ids = events.map((e) => e.id);
  await waitFor(
    async () => {
      const [row] = await t.app.platform.db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM platform_inbox
             WHERE consumer = 'notifications.alerts' AND event_id = ANY(${sql.param(ids)}::uuid[])`,
      );
      return row && row.n === ids.length ? true : undefined;
    },
    { what: `notifications.alerts to handle ${ids.length} events` },
  );
}

async function rule(body: Record<string, unknown>): Promise<string> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/alert-rules',
    token: admin,
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`rule: ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** A device registered in 南京东路街道 (黄浦区), owned by `departmentId`. */
async function registered(name: string, departmentId: string | null) {
  const grid = t.app.regions.children('310101002')[0]!;
  const [lng, lat] = t.app.regions.get(grid.id).centroid;
  return t.app.iot.registry.create(systemActor, {
    name,
    productId: 'water-quality',
    location: { lng, lat },
    departmentId,
  });
}

const telemetry = (token: string, values: Record<string, number>) =>
  t.request({
    method: 'POST',
    url: `/api/v1/${token}/telemetry`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(values),
  });

describe('an alert reaches the department that owns the device (一网统管)', () => {
  let alertId: string;

  it('a major alert from ingest notifies the owning department once, linked to the alert', async () => {
    const device = await registered('通知-水质-major', STHJ);
    await rule({
      name: 'pH 过高（通知测试）',
      severity: 'major',
      deviceId: device.id,
      condition: { type: 'threshold', key: 'ph', op: '>', value: 9 },
    });
    expect((await telemetry(device.token, { ph: 9.6 })).statusCode).toBe(200);

    const [raised] = await waitFor(
      async () => {
        const events = await outboxEvents(
          'iot.alert.raised',
          sql`payload->>'deviceId' = ${device.id}`,
        );
        return events.length ? events : undefined;
      },
      { what: 'the alert raised' },
    );
    const payload = raised?.payload as { alertId: string; departmentId: string | null };
    // The owning department rides on the fact, from the device's credential.
    expect(payload.departmentId).toBe(STHJ);
    alertId = payload.alertId;

    const mine = await waitFor(
      async () => {
        const items = (await alertInbox(STHJ)).filter((n) => n.alertId === alertId);
        return items.length ? items : undefined;
      },
      { what: 'the alert notification' },
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'alert_raised',
      departmentId: STHJ,
      severity: 'major',
      title: 'pH 过高（通知测试）',
      deviceName: '通知-水质-major',
      incidentId: null,
      read: false,
    });
    expect(mine[0]?.note).toContain('ph');
    // Another department hears nothing of it.
    expect((await alertInbox(CG)).some((n) => n.alertId === alertId)).toBe(false);
    // The handler may open what the notification links to.
    const opened = await t.request({
      method: 'GET',
      url: `/api/v1/alerts/${alertId}`,
      token: await t.login(`handler.${STHJ}`),
    });
    expect(opened.statusCode).toBe(200);
  });

  it('delivering the alert again does not notify twice', async () => {
    const [event] = await outboxEvents('iot.alert.raised', sql`payload->>'alertId' = ${alertId}`);
    if (!event) throw new Error('no raised event');
    const consumer = t.app.notifications.alertConsumer;
    const runner = new ConsumerRunner(t.app.platform.uow, t.app.platform.metrics, testLogger());
    expect(await runner.deliver(consumer, event, 1)).toBe('duplicate');
    await t.app.platform.uow.run((ctx) => consumer.handle(event, ctx));
    expect((await alertInbox(STHJ)).filter((n) => n.alertId === alertId)).toHaveLength(1);
  });

  it('a minor alert notifies nobody', async () => {
    const device = await registered('通知-水质-minor', STHJ);
    await rule({
      name: '浊度偏高（通知测试）',
      severity: 'minor',
      deviceId: device.id,
      condition: { type: 'threshold', key: 'turbidity', op: '>', value: 5 },
    });
    expect((await telemetry(device.token, { turbidity: 8 })).statusCode).toBe(200);
    const events = await waitFor(
      async () => {
        const found = await outboxEvents(
          'iot.alert.raised',
          sql`payload->>'deviceId' = ${device.id}`,
        );
        return found.length ? found : undefined;
      },
      { what: 'the minor alert raised' },
    );
    await handled(events);
    const minorId = (events[0]?.payload as { alertId: string }).alertId;
    expect((await alertInbox(STHJ)).some((n) => n.alertId === minorId)).toBe(false);
  });

  it('a device without a department notifies nobody, and nothing fails', async () => {
    const device = await registered('通知-水质-无主', null);
    await rule({
      name: '余氯过低（通知测试）',
      severity: 'critical',
      deviceId: device.id,
      condition: { type: 'threshold', key: 'chlorine', op: '<', value: 0.1 },
    });
    const before = [...(await alertInbox(STHJ)), ...(await alertInbox(CG))].length;
    expect((await telemetry(device.token, { chlorine: 0.01 })).statusCode).toBe(200);
    const events = await waitFor(
      async () => {
        const found = await outboxEvents(
          'iot.alert.raised',
          sql`payload->>'deviceId' = ${device.id}`,
        );
        return found.length ? found : undefined;
      },
      { what: 'the alert of the device without a department' },
    );
    expect((events[0]?.payload as { departmentId: unknown }).departmentId).toBeNull();
    await handled(events);
    expect([...(await alertInbox(STHJ)), ...(await alertInbox(CG))].length).toBe(before);
    const [dead] = await t.app.platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM platform_dead_letters WHERE consumer = 'notifications.alerts'`,
    );
    expect(dead?.n).toBe(0);
  });
});

describe('an alarm storm notifies once per department, not once per alert', () => {
  const sensor = (n: number, departmentId: string | null) =>
    tiltSensor('a', 'notify-storm', n, departmentId);
  const observe = observeTilt;

  it('N alerts in one street at once: one incident notification per owning department', async () => {
    const ruleId = await rule({
      name: '广告牌倾斜（风暴测试）',
      severity: 'critical',
      tag: 'notify-storm',
      stormThreshold: 5,
      condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
    });
    // Twelve sensors: nine of 生态环境, two of 城管, one of nobody.
    const storm = [
      ...Array.from({ length: 9 }, (_, i) => sensor(i + 1, STHJ)),
      sensor(10, CG),
      sensor(11, CG),
      sensor(12, null),
    ];
    const before = { sthj: (await alertInbox(STHJ)).length, cg: (await alertInbox(CG)).length };
    await observe(storm, 8);

    const raised = await outboxEvents('iot.alert.raised', sql`payload->>'ruleId' = ${ruleId}`);
    expect(raised).toHaveLength(12);
    expect(raised.every((e) => (e.payload as { incidentId: unknown }).incidentId)).toBe(true);
    const opened = await outboxEvents('iot.incident.opened', sql`payload->>'ruleId' = ${ruleId}`);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.payload).toMatchObject({ alertCount: 12, departmentIds: [CG, STHJ] });
    await handled([...raised, ...opened]);

    const incidentId = (opened[0]?.payload as { incidentId: string }).incidentId;
    const sthj = await alertInbox(STHJ);
    const cg = await alertInbox(CG);
    expect(sthj.length - before.sthj).toBe(1);
    expect(cg.length - before.cg).toBe(1);
    expect(sthj[0]).toMatchObject({
      kind: 'incident_opened',
      incidentId,
      alertId: null,
      severity: 'critical',
      alertCount: 12,
    });
    expect(sthj[0]?.title).toContain('广告牌倾斜（风暴测试）');

    // A thirteenth sensor joins the open incident: it notifies nobody.
    await observe([sensor(13, STHJ)], 9);
    const joined = await outboxEvents(
      'iot.alert.raised',
      sql`payload->>'deviceId' = ${sensor(13, STHJ).id}`,
    );
    expect((joined[0]?.payload as { incidentId: string }).incidentId).toBe(incidentId);
    await handled(joined);
    expect((await alertInbox(STHJ)).length - before.sthj).toBe(1);
  });
});

describe('a department whose alert joins an open incident is told once per incident', () => {
  const sensor = (n: number, departmentId: string | null) =>
    tiltSensor('b', 'notify-join', n, departmentId);
  const observe = (devices: ObservedDevice[]) => observeTilt(devices, 8);

  let ruleId: string;
  let incidentId: string;
  /** This incident's notifications in a department's inbox. */
  const told = async (departmentId: string) =>
    (await alertInbox(departmentId)).filter((n) => n.incidentId === incidentId);
  /** Every event the alerts module wrote for this rule's alerts and incident so far. */
  const stormEvents = async () => [
    ...(await outboxEvents('iot.alert.raised', sql`payload->>'ruleId' = ${ruleId}`)),
    ...(await outboxEvents('iot.incident.opened', sql`payload->>'ruleId' = ${ruleId}`)),
    ...(await outboxEvents('iot.incident.extended', sql`payload->>'ruleId' = ${ruleId}`)),
  ];

  it('a storm of department A opens the incident: A is told once, B nothing', async () => {
    ruleId = await rule({
      name: '广告牌倾斜（加入测试）',
      severity: 'major',
      tag: 'notify-join',
      stormThreshold: 3,
      condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
    });
    await observe([sensor(1, STHJ), sensor(2, STHJ), sensor(3, STHJ)]);
    const opened = await outboxEvents('iot.incident.opened', sql`payload->>'ruleId' = ${ruleId}`);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.payload).toMatchObject({ alertCount: 3, departmentIds: [STHJ] });
    incidentId = (opened[0]?.payload as { incidentId: string }).incidentId;
    await handled(await stormEvents());
    expect(await told(STHJ)).toHaveLength(1);
    expect(await told(CG)).toHaveLength(0);
  });

  it('an alert of department B joins: B is told once, A not again', async () => {
    await observe([sensor(4, CG)]);
    const extended = await outboxEvents(
      'iot.incident.extended',
      sql`payload->>'incidentId' = ${incidentId}`,
    );
    expect(extended).toHaveLength(1);
    expect(extended[0]?.payload).toMatchObject({ alertCount: 4, departmentIds: [CG] });
    await handled(await stormEvents());
    const cg = await told(CG);
    expect(cg).toHaveLength(1);
    expect(cg[0]).toMatchObject({
      kind: 'incident_opened',
      incidentId,
      severity: 'major',
      alertCount: 4,
      read: false,
    });
    expect(cg[0]?.title).toContain('广告牌倾斜（加入测试）');
    expect(await told(STHJ)).toHaveLength(1);
  });

  it('more alerts of A and B join (together and apart): nobody is told again', async () => {
    await observe([sensor(5, STHJ), sensor(6, CG), sensor(7, null)]);
    await observe([sensor(8, CG)]);
    await observe([sensor(9, STHJ)]);
    const extended = await outboxEvents(
      'iot.incident.extended',
      sql`payload->>'incidentId' = ${incidentId}`,
    );
    expect(extended).toHaveLength(4);
    expect(extended[1]?.payload).toMatchObject({ departmentIds: [CG, STHJ] });
    const all = await stormEvents();
    expect(
      all
        .filter((e) => e.type === 'iot.alert.raised')
        .every((e) => (e.payload as { incidentId: unknown }).incidentId === incidentId),
    ).toBe(true);
    await handled(all);
    expect(await told(STHJ)).toHaveLength(1);
    expect(await told(CG)).toHaveLength(1);
  });

  it('delivering every event of the storm again adds nothing', async () => {
    const consumer = t.app.notifications.alertConsumer;
    const runner = new ConsumerRunner(t.app.platform.uow, t.app.platform.metrics, testLogger());
    for (const event of await stormEvents()) {
      expect(await runner.deliver(consumer, event, 1)).toBe('duplicate');
      // Straight into the handler, past the runner's record of handled events.
      await t.app.platform.uow.run((ctx) => consumer.handle(event, ctx));
    }
    expect(await told(STHJ)).toHaveLength(1);
    expect(await told(CG)).toHaveLength(1);
  });
});
