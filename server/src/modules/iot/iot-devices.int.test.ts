import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoProducts } from './demo-products.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

interface DevicePage {
  items: Array<{
    id: string;
    name: string;
    productId: string;
    district: { id: string } | null;
    grid: { id: string } | null;
    token?: string;
  }>;
  total: number;
}

/** A point inside a district: the centroid of one of its grids. */
function pointIn(districtId: string): { lng: number; lat: number } {
  const street = t.app.regions.children(districtId)[0]!;
  const grid = t.app.regions.children(street.id)[0]!;
  const [lng, lat] = t.app.regions.get(grid.id).centroid;
  return { lng, lat };
}

describe('products (物模型)', () => {
  it('seeds the ten demo products with units, ranges and intervals', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/iot/products', token: admin });
    const items = response.json<{ items: Array<{ id: string; retentionDays: number }> }>().items;
    expect(items.map((p) => p.id).sort()).toEqual(demoProducts.map((p) => p.id).sort());
    const quality = await t.request({
      method: 'GET',
      url: '/api/v1/iot/products/water-quality',
      token: admin,
    });
    const ph = quality
      .json<{ thingModel: { properties: Array<{ key: string; min: number; max: number }> } }>()
      .thingModel.properties.find((p) => p.key === 'ph');
    expect(ph).toMatchObject({ min: 0, max: 14 });
  });

  it('refuses a thing model that breaks its rules, naming the place', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/iot/products',
      token: admin,
      payload: {
        id: 'bad-model',
        name: '坏模型',
        nameEn: 'Bad model',
        thingModel: {
          intervalSeconds: 60,
          properties: [
            { key: 'level', name: '水位', type: 'number', min: 10, max: 1 },
            { key: 'level', name: '重复', type: 'boolean' },
            { key: 'mode', name: '模式', type: 'enum' },
          ],
          events: [],
          commands: [],
        },
      },
    });
    const problem = expectProblem(response, 400, 'invalid_thing_model');
    expect(problem.detail).toContain('min must not exceed max');
    expect(problem.detail).toContain('duplicate key level');
    expect(problem.detail).toContain('an enum property lists its values');
  });
});

describe('device registry', () => {
  it('the demo city placed devices of every product, each in its grid', async () => {
    const [row] = await t.app.platform.db.rows<{ n: number; located: number; products: number }>(
      sql`SELECT count(*)::int AS n, count(grid_id)::int AS located,
                 count(DISTINCT product_id)::int AS products FROM iot_devices`,
    );
    expect(row).toEqual({ n: 2000, located: 2000, products: 10 });
  });

  it('imports a few thousand CSV rows, reports bad rows by row and field, and stores the good ones', async () => {
    const { lng, lat } = pointIn('310115');
    const lines = ['name,productId,lng,lat,tags,departmentId'];
    for (let i = 1; i <= 3000; i++) {
      let line = `IMPORT-${i},manhole-cover,${lng},${lat},imported;batch-a,310115.cg`;
      if (i === 10) line = `,manhole-cover,${lng},${lat},,`; // no name
      if (i === 20) line = `IMPORT-20,no-such-product,${lng},${lat},,`;
      if (i === 30) line = `IMPORT-30,manhole-cover,north,${lat},,`;
      if (i === 40) line = `IMPORT-40,manhole-cover,0,0,,`; // outside the map
      if (i === 50) line = `IMPORT-49,manhole-cover,${lng},${lat},,`; // duplicate name in file
      if (i === 60) line = `IMPORT-60,manhole-cover,${lng},${lat},,no.such.department`;
      if (i === 70) line = `"IMPORT-70, quoted",manhole-cover,${lng},${lat},"a;b",`;
      lines.push(line);
    }
    const started = Date.now();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices/import',
      token: admin,
      headers: { 'content-type': 'text/csv' },
      payload: lines.join('\r\n'),
    });
    const ms = Date.now() - started;
    expect(response.statusCode).toBe(200);
    const report = response.json<{
      created: number;
      failed: number;
      errors: Array<{ row: number; field: string; message: string }>;
    }>();
    expect(report.failed).toBe(6);
    expect(report.created).toBe(2994);
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [10, 'name'],
      [20, 'productId'],
      [30, 'lng'],
      [40, 'lng'],
      [50, 'name'],
      [60, 'departmentId'],
    ]);
    expect(ms).toBeLessThan(30_000);
    const quoted = await t.request({
      method: 'GET',
      url: '/api/v1/iot/devices?q=IMPORT-70&tag=a',
      token: admin,
    });
    expect(quoted.json<DevicePage>().items.map((d) => d.name)).toEqual(['IMPORT-70, quoted']);
    const tagged = await t.request({
      method: 'GET',
      url: '/api/v1/iot/devices?tag=batch-a&region=310115&limit=1',
      token: admin,
    });
    expect(tagged.json<DevicePage>().total).toBe(2993);

    // The same file again creates nothing: every name exists already.
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices/import',
      token: admin,
      headers: { 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    });
    const second = again.json<{
      created: number;
      failed: number;
      errors: Array<{ message: string }>;
    }>();
    expect(second.created).toBe(0);
    expect(second.failed).toBe(3000);
    expect(second.errors.filter((e) => e.message.includes('exists already'))).toHaveLength(2994);
  });

  it('imports JSON rows too, and refuses malformed CSV as a whole', async () => {
    const { lng, lat } = pointIn('310101');
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices/import',
      token: admin,
      payload: {
        rows: [
          { name: 'JSON-1', productId: 'smoke-detector', lng, lat, tags: ['json'] },
          { name: 'JSON-2', productId: 'smoke-detector', lng: 'x', lat },
          { name: 'JSON-3', productId: 'smoke-detector', colour: 'red' },
        ],
      },
    });
    expect(response.json()).toEqual({
      created: 1,
      failed: 2,
      errors: [
        { row: 2, field: 'lng', message: 'must be a longitude between -180 and 180' },
        { row: 3, field: 'colour', message: 'is not an accepted field' },
      ],
    });
    const broken = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices/import',
      token: admin,
      headers: { 'content-type': 'text/csv' },
      payload: 'name,productId\n"unterminated,smoke-detector\n',
    });
    expectProblem(broken, 400, 'malformed_csv');
  });

  it('provisions one device located into its grid, with a fresh token shown once', async () => {
    const { lng, lat } = pointIn('310104');
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices',
      token: admin,
      payload: { name: '徐汇-烟感-1', productId: 'smoke-detector', location: { lng, lat } },
    });
    expect(response.statusCode).toBe(201);
    const device = response.json<DevicePage['items'][number]>();
    expect(device.district?.id).toBe('310104');
    expect(device.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const list = await t.request({
      method: 'GET',
      url: '/api/v1/iot/devices?q=徐汇-烟感',
      token: admin,
    });
    expect(list.json<DevicePage>().items[0]).not.toHaveProperty('token');
    const duplicate = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices',
      token: admin,
      payload: { name: '徐汇-烟感-1', productId: 'smoke-detector' },
    });
    expectProblem(duplicate, 409, 'device_name_taken');
  });
});

describe('region scope', () => {
  it('a 黄浦区 staff member sees only 黄浦区 devices and may not read or create in 徐汇区', async () => {
    const huangpu = await t.login('sysadmin.310101');
    const own = await t.request({
      method: 'GET',
      url: '/api/v1/iot/devices?limit=500',
      token: huangpu,
    });
    const page = own.json<DevicePage>();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((d) => d.district?.id === '310101')).toBe(true);

    const xuhui = await t.request({
      method: 'GET',
      url: '/api/v1/iot/devices?region=310104',
      token: huangpu,
    });
    expectProblem(xuhui, 403, 'forbidden');

    const xuhuiDevice = (
      await t.request({
        method: 'GET',
        url: '/api/v1/iot/devices?region=310104&limit=1',
        token: admin,
      })
    ).json<DevicePage>().items[0]!;
    expectProblem(
      await t.request({
        method: 'GET',
        url: `/api/v1/iot/devices/${xuhuiDevice.id}`,
        token: huangpu,
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.request({
        method: 'GET',
        url: `/api/v1/iot/devices/${xuhuiDevice.id}/latest`,
        token: huangpu,
      }),
      403,
      'forbidden',
    );

    const outside = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices',
      token: huangpu,
      payload: { name: '越界设备', productId: 'smoke-detector', location: pointIn('310104') },
    });
    expectProblem(outside, 403, 'forbidden');
    const inside = await t.request({
      method: 'POST',
      url: '/api/v1/iot/devices',
      token: huangpu,
      payload: { name: '黄浦设备', productId: 'smoke-detector', location: pointIn('310101') },
    });
    expect(inside.statusCode).toBe(201);

    // A citizen has no device scope at all.
    const citizen = await t.login('citizen');
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/iot/devices', token: citizen }),
      403,
      'forbidden',
    );
  });

  it('the map answers GeoJSON points filtered by product and region', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/iot/map?product=air-quality&region=310101&limit=50',
      token: admin,
    });
    const map = response.json<{
      type: string;
      total: number;
      features: Array<{
        geometry: { coordinates: [number, number] };
        properties: { productId: string };
      }>;
    }>();
    expect(map.type).toBe('FeatureCollection');
    expect(map.features.length).toBeGreaterThan(0);
    expect(map.features.every((f) => f.properties.productId === 'air-quality')).toBe(true);
  });
});
