import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { waterPlantModel } from './demo-facilities.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

interface FacilityBody {
  id: string;
  level: string;
  score: number | null;
  version: number;
  districtId: string;
  devices: Array<{ deviceId: string; role: string }>;
  live: { score: number | null; level: string; components: Array<{ key: string; status: string }> };
}

async function sendReadings(deviceId: string, values: Record<string, unknown>, ts = Date.now()) {
  const device = await t.app.iot.registry.get(systemActor, deviceId);
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/${device.token}/telemetry`,
    payload: { ts, values },
  });
  expect(response.statusCode).toBe(200);
}

describe('facility health index', () => {
  it('seeds a water plant per district, scored from its devices', async () => {
    const list = await t.request({
      method: 'GET',
      url: '/api/v1/facilities?kind=water_plant',
      token: admin,
    });
    expect(list.statusCode).toBe(200);
    const page = list.json<{
      items: Array<{ id: string; level: string; score: number | null }>;
      total: number;
    }>();
    expect(page.total).toBeGreaterThanOrEqual(10);
    expect(page.items.every((f) => f.score !== null && f.level !== 'unknown')).toBe(true);
    // The demo drifts some plants: chlorine running low gives a poor level.
    expect(new Set(page.items.map((f) => f.level)).size).toBeGreaterThan(1);
  });

  it('follows the readings: a pump fault lowers the score, a pressure collapse caps it', async () => {
    const [first] = (
      await t.request({ method: 'GET', url: '/api/v1/facilities?limit=1', token: admin })
    ).json<{ items: Array<{ id: string }> }>().items;
    const detail = (
      await t.request({ method: 'GET', url: `/api/v1/facilities/${first!.id}`, token: admin })
    ).json<FacilityBody>();
    const outlet = detail.devices.find((d) => d.role === 'outlet')!;
    await sendReadings(outlet.deviceId, { pressure: 0.36, pumpState: 'fault' });
    const after = (
      await t.request({ method: 'GET', url: `/api/v1/facilities/${first!.id}`, token: admin })
    ).json<FacilityBody>();
    expect(after.live.score).toBeLessThan(detail.live.score!);
    expect(after.live.components.find((c) => c.key === 'pump')).toMatchObject({ status: 'ok' });

    // An outlet pressure collapse is critical: the whole plant is poor however good the rest.
    await sendReadings(outlet.deviceId, { pressure: 0.05, pumpState: 'running' });
    const collapsed = (
      await t.request({ method: 'GET', url: `/api/v1/facilities/${first!.id}`, token: admin })
    ).json<FacilityBody>();
    expect(collapsed.live).toMatchObject({ level: 'poor', score: 0 });
  });

  it('keeps a history and announces level changes on the bus', async () => {
    const scored = await t.app.platform.uow.run((ctx) =>
      t.app.facilities.scoreAll(ctx, new Date()),
    );
    expect(scored).toBeGreaterThan(0);
    const { items } = (
      await t.request({ method: 'GET', url: '/api/v1/facilities?limit=1', token: admin })
    ).json<{ items: Array<{ id: string; level: string }> }>();
    expect(items[0]?.level).toBe('poor');
    const history = await t.request({
      method: 'GET',
      url: `/api/v1/facilities/${items[0]!.id}/health`,
      token: admin,
    });
    expect(history.statusCode).toBe(200);
    const points = history.json<{ items: Array<{ ts: string; level: string }> }>().items;
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.at(-1)?.level).toBe('poor');
    expect(points[0]!.ts < points.at(-1)!.ts).toBe(true);
    const changed = await t.app.platform.db.rows<{ payload: { facilityId: string; to: string } }>(
      sql`SELECT payload FROM platform_outbox WHERE type = 'facilities.health.changed' ORDER BY seq`,
    );
    expect(
      changed.some((e) => e.payload.facilityId === items[0]!.id && e.payload.to === 'poor'),
    ).toBe(true);
  });

  it('creates a facility, refuses bad models and stale versions', async () => {
    const devices = (
      await t.request({
        method: 'GET',
        url: '/api/v1/iot/devices?product=water-quality&region=310104&limit=1',
        token: admin,
      })
    ).json<{ items: Array<{ id: string; location: { lng: number; lat: number } | null }> }>().items;
    const [probe] = devices;
    const body = {
      id: 'pump-station-test',
      name: '测试泵站',
      kind: 'pump_station',
      location: probe!.location!,
      model: waterPlantModel,
      devices: [{ deviceId: probe!.id, role: 'quality' }],
    };
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/facilities',
      token: admin,
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<FacilityBody>()).toMatchObject({ districtId: '310104', version: 1 });
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/facilities', token: admin, payload: body }),
      409,
      'facility_exists',
    );
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/facilities',
        token: admin,
        payload: { ...body, id: 'outside', location: { lng: 100, lat: 20 } },
      }),
      400,
      'outside_city',
    );
    const upsideDown = { ...waterPlantModel, levels: { good: 50, attention: 70 } };
    expectProblem(
      await t.request({
        method: 'PUT',
        url: '/api/v1/facilities/pump-station-test/model',
        token: admin,
        payload: { version: 1, model: upsideDown },
      }),
      400,
      'invalid_health_model',
    );
    expectProblem(
      await t.request({
        method: 'PUT',
        url: '/api/v1/facilities/pump-station-test/model',
        token: admin,
        payload: { version: 1, model: { ...waterPlantModel, weights: 3 } },
      }),
      400,
      'validation_failed',
    );
    const lenient = { ...waterPlantModel, minCoverage: 0.1 };
    const updated = await t.request({
      method: 'PUT',
      url: '/api/v1/facilities/pump-station-test/model',
      token: admin,
      payload: { version: 1, model: lenient },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<FacilityBody>().version).toBe(2);
    expectProblem(
      await t.request({
        method: 'PUT',
        url: '/api/v1/facilities/pump-station-test/model',
        token: admin,
        payload: { version: 1, model: lenient },
      }),
      409,
      'version_conflict',
    );
  });

  it('scopes facilities to the reader’s regions', async () => {
    const huangpu = await t.login('commander.310101');
    const page = (
      await t.request({ method: 'GET', url: '/api/v1/facilities', token: huangpu })
    ).json<{ items: Array<{ districtId: string }> }>();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((f) => f.districtId === '310101')).toBe(true);
    expectProblem(
      await t.request({
        method: 'GET',
        url: '/api/v1/facilities/water-plant-310104',
        token: huangpu,
      }),
      403,
      'forbidden',
    );
    const citizen = await t.login('citizen');
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/facilities', token: citizen }),
      403,
      'forbidden',
    );
  });
});
