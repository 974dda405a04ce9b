import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  token = await t.login('citizen');
});
afterAll(() => t.close());

interface Page {
  items: Array<{ id: string; name: string; level: string; parentId: string; childCount: number }>;
  total: number;
}

describe('regions API', () => {
  it('lists the 16 real districts of Shanghai, paginated', async () => {
    const first = (
      await t.request({ method: 'GET', url: '/api/v1/regions?level=district&limit=10', token })
    ).json<Page>();
    const second = (
      await t.request({
        method: 'GET',
        url: '/api/v1/regions?level=district&limit=10&offset=10',
        token,
      })
    ).json<Page>();
    expect(first.total).toBe(16);
    const names = [...first.items, ...second.items].map((r) => r.name);
    expect(names).toHaveLength(16);
    expect(names).toEqual(
      expect.arrayContaining(['黄浦区', '浦东新区', '崇明区', '徐汇区', '闵行区']),
    );
  });

  it('has at least 200 streets and 5,000 grids', async () => {
    const streets = (
      await t.request({ method: 'GET', url: '/api/v1/regions?level=street&limit=1', token })
    ).json<Page>();
    const grids = (
      await t.request({ method: 'GET', url: '/api/v1/regions?level=grid&limit=1', token })
    ).json<Page>();
    expect(streets.total).toBeGreaterThanOrEqual(200);
    expect(grids.total).toBeGreaterThanOrEqual(5000);
  });

  it('lists the streets of a district and filters them by name', async () => {
    const streets = (
      await t.request({ method: 'GET', url: '/api/v1/regions?parent=310101&limit=100', token })
    ).json<Page>();
    expect(streets.items.every((s) => s.parentId === '310101' && s.level === 'street')).toBe(true);
    expect(streets.items.map((s) => s.name)).toContain('外滩街道');
    const found = (
      await t.request({
        method: 'GET',
        url: `/api/v1/regions?level=street&q=${encodeURIComponent('外滩')}`,
        token,
      })
    ).json<Page>();
    expect(found.items.map((s) => s.name).sort()).toEqual(['北外滩街道', '外滩街道']);
  });

  it('returns a region with its polygon, ancestors and children', async () => {
    const region = (
      await t.request({ method: 'GET', url: '/api/v1/regions/310101013', token })
    ).json<{
      name: string;
      geometry: { type: string };
      ancestors: Array<{ id: string }>;
      children: Array<{ level: string }>;
      bbox: number[];
    }>();
    expect(region.name).toBe('外滩街道');
    expect(['Polygon', 'MultiPolygon']).toContain(region.geometry.type);
    expect(region.ancestors.map((a) => a.id)).toEqual(['310000', '310101']);
    expect(region.children.length).toBeGreaterThan(0);
    expect(region.children.every((c) => c.level === 'grid')).toBe(true);
  });

  it('locates a point to its grid, street and district', async () => {
    // People's Square, 黄浦区.
    const found = (
      await t.request({
        method: 'GET',
        url: '/api/v1/regions/locate?lat=31.2317&lng=121.4726',
        token,
      })
    ).json<{
      grid: { id: string; level: string };
      street: { id: string };
      district: { id: string; name: string };
    }>();
    expect(found.district.name).toBe('黄浦区');
    expect(found.grid.id.startsWith(found.street.id)).toBe(true);
    expect(found.street.id.startsWith(found.district.id)).toBe(true);
  });

  it('answers 404 for a point outside the city', async () => {
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/regions/locate?lat=39.9&lng=116.4', token }),
      404,
      'not_found',
    );
  });

  it('serves district polygons as GeoJSON for the map', async () => {
    const fc = (
      await t.request({ method: 'GET', url: '/api/v1/regions/features?level=district', token })
    ).json<{
      type: string;
      features: Array<{ id: string; properties: { name: string } }>;
    }>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(16);
  });

  it('renames a region: audited, announced as an event, visible at once', async () => {
    const admin = await t.login('admin');
    const renamed = await t.request({
      method: 'PATCH',
      url: '/api/v1/regions/310101013',
      token: admin,
      payload: { name: '外滩街道（新）' },
    });
    expect(renamed.json()).toEqual({ id: '310101013', name: '外滩街道（新）', level: 'street' });
    const events = await t.app.platform.db.rows<{
      type: string;
      payload: { from: string; to: string };
    }>(sql`SELECT type, payload FROM platform_outbox WHERE type = 'regions.region.renamed'`);
    expect(events).toEqual([
      {
        type: 'regions.region.renamed',
        payload: expect.objectContaining({ from: '外滩街道', to: '外滩街道（新）' }),
      },
    ]);
    const audit = (
      await t.request({ method: 'GET', url: '/api/v1/audit?targetId=310101013', token: admin })
    ).json<{
      items: Array<{ action: string; details: { from: string; to: string } }>;
    }>();
    expect(audit.items[0]).toMatchObject({
      action: 'regions.rename',
      details: { from: '外滩街道', to: '外滩街道（新）' },
    });
    const read = (
      await t.request({ method: 'GET', url: '/api/v1/regions/310101013', token })
    ).json<{ name: string }>();
    expect(read.name).toBe('外滩街道（新）');
  });

  it('refuses a rename by a citizen', async () => {
    expectProblem(
      await t.request({
        method: 'PATCH',
        url: '/api/v1/regions/310101',
        token,
        payload: { name: 'x' },
      }),
      403,
      'forbidden',
    );
  });
});
