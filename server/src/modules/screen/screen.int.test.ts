import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { caseStages } from '../cases/index.ts';
import type { ScreenAlerts, ScreenDevices, ScreenOverview } from './index.ts';
import { SseReader } from './screen.test-support.ts';

let t: TestApp;
let admin: string;
let base = '';
const district = '310101'; // 黄浦区

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  base = await t.app.http.listen({ port: 0, host: '127.0.0.1' });
});
let closed = false;
async function closeApp() {
  if (closed) return;
  closed = true;
  await t.close();
}
afterAll(closeApp);

async function get<T>(url: string, token = admin): Promise<T> {
  const response = await t.request({ method: 'GET', url, token });
  if (response.statusCode !== 200)
    throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

const overview = (regionId?: string) =>
  get<ScreenOverview>(`/api/v1/screen/overview${regionId ? `?regionId=${regionId}` : ''}`);

/** What GET /api/v1/iot/devices says: every device of the region, paged. */
async function devicesByApi(regionId: string | null) {
  let total = 0;
  let online = 0;
  for (let offset = 0; ; offset += 500) {
    const page = await get<{ items: Array<{ online: boolean }>; total: number }>(
      `/api/v1/iot/devices?limit=500&offset=${offset}${regionId ? `&region=${regionId}` : ''}`,
    );
    total = page.total;
    online += page.items.filter((d) => d.online).length;
    if (page.items.length < 500) break;
  }
  return { total, online };
}

async function casesByApi(regionId: string, stage: string): Promise<number> {
  return (await get<{ total: number }>(`/api/v1/cases?regionId=${regionId}&stage=${stage}&limit=1`))
    .total;
}

async function openAlertsByApi(): Promise<number> {
  return (await get<{ total: number }>('/api/v1/alerts?status=active&status=acknowledged&limit=1'))
    .total;
}

async function someDevice(product: string, regionId: string) {
  const page = await get<{
    items: Array<{ id: string }>;
  }>(`/api/v1/iot/devices?product=${product}&region=${regionId}&limit=1`);
  const found = page.items[0];
  if (!found) throw new Error(`no ${product} device in ${regionId}`);
  // The list leaves tokens out; the device's own page shows it to those who manage it.
  return get<{ id: string; token: string }>(`/api/v1/iot/devices/${found.id}`);
}

describe('one truth: the screen says what the APIs say', () => {
  it('the city and a district: devices, open cases per stage and open alerts match the list APIs', async () => {
    const city = await overview();
    expect(city.region.id).toBe(t.app.regions.rootId);
    expect(city.region.path.map((r) => r.level)).toEqual(['city']);
    const fromApi = await devicesByApi(null);
    expect(city.devices.total).toBe(fromApi.total);
    expect(city.devices.online).toBe(fromApi.online);
    expect(city.devices.offline).toBe(fromApi.total - fromApi.online);
    expect(city.alerts.active).toBe(await openAlertsByApi());
    expect(city.children.length).toBe(16);
    expect(city.children.reduce((s, c) => s + c.devices, 0)).toBeLessThanOrEqual(
      city.devices.total,
    );

    const huangpu = await overview(district);
    expect(huangpu.region.path.map((r) => r.id)).toEqual([t.app.regions.rootId, district]);
    const inDistrict = await devicesByApi(district);
    expect(huangpu.devices.total).toBe(inDistrict.total);
    expect(huangpu.devices.online).toBe(inDistrict.online);
    let open = 0;
    for (const { stage, count } of huangpu.cases.byStage) {
      expect(caseStages).toContain(stage);
      expect(count, stage).toBe(await casesByApi(district, stage));
      open += count;
    }
    expect(open).toBeGreaterThan(0); // the demo city has cases at every stage
    expect(huangpu.cases.open).toBe(open);
    // The choropleth's children add up to the region.
    expect(huangpu.children.reduce((s, c) => s + c.openCases, 0)).toBe(huangpu.cases.open);
    expect(huangpu.children.reduce((s, c) => s + c.devices, 0)).toBe(huangpu.devices.total);
    expect(city.children.find((c) => c.regionId === district)?.openCases).toBe(open);
    // 按期结案率: the same cohort and rule as the workbench's case evaluation (last 30 days).
    const now = Date.now();
    const evaluation = await get<{ total: { onTimeClosureRate: number | null } }>(
      `/api/v1/case-evaluation?groupBy=region&regionId=${district}` +
        `&from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );
    const fresh = await overview(district);
    if (evaluation.total.onTimeClosureRate === null) expect(fresh.cases.onTimeCloseRate).toBeNull();
    else expect(fresh.cases.onTimeCloseRate).toBeCloseTo(evaluation.total.onTimeClosureRate, 3);
  });

  it('the device layer holds every located device of the region as columns', async () => {
    const layer = await get<ScreenDevices>(`/api/v1/screen/devices?regionId=${district}`);
    const o = await overview(district);
    expect(layer.count).toBe(layer.id.length);
    expect(layer.lng).toHaveLength(layer.count);
    expect(layer.state).toHaveLength(layer.count);
    expect(layer.count).toBeLessThanOrEqual(o.devices.total);
    expect(layer.state.filter((s) => s === 0).length).toBeLessThanOrEqual(o.devices.online);
    const slim = await get<ScreenDevices>(`/api/v1/screen/devices?regionId=${district}&ids=false`);
    expect(slim.id).toEqual([]);
    expect(slim.lat).toEqual(layer.lat);
  });
});

describe('region scope and bad input', () => {
  it('staff see their own region by default, others are 403, unknown ones 404, no token 401', async () => {
    const acceptor = await t.login('acceptor.310101');
    const own = await get<ScreenOverview>('/api/v1/screen/overview', acceptor);
    expect(own.region.id).toBe(district);
    expectProblem(
      await t.request({
        method: 'GET',
        url: '/api/v1/screen/overview?regionId=310104',
        token: acceptor,
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.request({
        method: 'GET',
        url: '/api/v1/screen/alerts?regionId=999999',
        token: admin,
      }),
      404,
      'not_found',
    );
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/screen/overview' }),
      401,
      'unauthorized',
    );
    const bad = await t.request({
      method: 'GET',
      url: '/api/v1/screen/overview?regionId=../x',
      token: admin,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const citizen = await t.login('citizen');
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/screen/crowd', token: citizen })).statusCode,
    ).toBe(403);
    const stream = await new SseReader().open(
      `${base}/api/v1/screen/stream?regionId=310104`,
      acceptor,
    );
    expect(stream.status).toBe(403);
  });
});

describe('live over Server-Sent Events', () => {
  it('an alert raised through ingest and a registered case reach the stream within 2 s', async () => {
    const stream = await new SseReader().open(
      `${base}/api/v1/screen/stream?regionId=${district}`,
      admin,
    );
    onTestFinished(() => stream.close());
    expect(stream.status).toBe(200);
    expect(stream.headers?.get('content-type')).toContain('text/event-stream');
    expect(stream.headers?.get('cache-control')).toContain('no-cache');
    expect(stream.headers?.get('x-accel-buffering')).toBe('no');
    const first = JSON.parse((await stream.next('overview')).data) as ScreenOverview;
    await stream.next('alerts');
    expect(first.region.id).toBe(district);

    // An alert rule and a reading over it, through the real ingest path (ThingsBoard HTTP API).
    const rule = await t.request({
      method: 'POST',
      url: '/api/v1/alert-rules',
      token: admin,
      payload: {
        name: '屏幕测试：广告牌倾斜',
        severity: 'major',
        productId: 'billboard-tilt',
        regionId: district,
        condition: { type: 'threshold', key: 'tiltX', op: '>', value: 10 },
      },
    });
    expect(rule.statusCode).toBe(201);
    const device = await someDevice('billboard-tilt', district);
    const sent = Date.now();
    const ingest = await t.request({
      method: 'POST',
      url: `/api/v1/${device.token}/telemetry`,
      payload: { tiltX: 15 },
    });
    expect(ingest.statusCode).toBe(200);
    const withAlert = await stream.next(
      'overview',
      (d) => (d as ScreenOverview).alerts.active === first.alerts.active + 1,
      2000,
    );
    expect(withAlert.at - sent).toBeLessThan(2000);
    const alertsFrame = await stream.next(
      'alerts',
      (d) => (d as ScreenAlerts).items.some((a) => a.kind === 'billboard-tilt'),
      2000,
    );
    expect(alertsFrame.at - sent).toBeLessThan(2000);
    const afterAlert = JSON.parse(withAlert.data) as ScreenOverview;
    expect(afterAlert.seq).toBeGreaterThan(first.seq);
    expect(afterAlert.devices.alerting).toBe(first.devices.alerting + 1);

    // A case reported and registered by the district's acceptor.
    const acceptor = await t.login('acceptor.310101');
    const street = t.app.regions.children(district)[0]!.id;
    const grid = t.app.regions.children(street)[0]!.id;
    const [lng, lat] = t.app.regions.get(grid).centroid;
    // The major alert also opens a case of its own (cases.alert-to-case, its own consumer):
    // wait for that one on the stream, so that it is not counted as the case reported below.
    const withAlertCase = await stream.next(
      'overview',
      (d) => (d as ScreenOverview).cases.today === first.cases.today + 1,
      5000,
    );
    const before = JSON.parse(withAlertCase.data) as ScreenOverview;
    const reported = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      token: acceptor,
      payload: { classId: 'E0503', description: '屏幕测试：道路破损', lng, lat },
    });
    expect(reported.statusCode).toBe(201);
    const created = reported.json<{ case: { id: string; stage: string; version: number } }>().case;
    const registeredAt = Date.now();
    if (created.stage === 'collected') {
      const moved = await t.request({
        method: 'POST',
        url: `/api/v1/cases/${created.id}/transitions`,
        token: acceptor,
        payload: { action: 'register', expectedVersion: created.version },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const registered = (d: unknown) => {
      const o = d as ScreenOverview;
      const count = o.cases.byStage.find((s) => s.stage === 'registered')?.count ?? 0;
      const was = before.cases.byStage.find((s) => s.stage === 'registered')?.count ?? 0;
      return o.cases.today === before.cases.today + 1 && count >= was + 1;
    };
    const withCase = await stream.next('overview', registered, 2000).catch((error: Error) => {
      const seen = stream.events
        .filter((e) => e.event === 'overview')
        .map((e) => JSON.stringify((JSON.parse(e.data) as ScreenOverview).cases));
      throw new Error(
        `${error.message}; before ${JSON.stringify(before.cases)}; seen ${seen.join('\n')}`,
      );
    });
    expect(withCase.at - registeredAt).toBeLessThan(2000);
    const pushed = JSON.parse(withCase.data) as ScreenOverview;
    expect(pushed.cases.open).toBe(before.cases.open + 1);
    // What the stream said is what the API says.
    const now = await overview(district);
    expect(now.cases).toEqual(pushed.cases);
    expect(now.alerts.active).toBe(pushed.alerts.active);
    stream.close();
  });

  it('twenty screens on one region share one computation per change, and bursts coalesce', async () => {
    const region = '310104';
    const screens = await Promise.all(
      Array.from({ length: 20 }, () =>
        new SseReader().open(`${base}/api/v1/screen/stream?regionId=${region}`, admin),
      ),
    );
    onTestFinished(() => screens.forEach((s) => s.close()));
    await Promise.all(screens.map((s) => s.next('overview')));
    const { aggregator } = t.app.screen;
    expect(aggregator.stats().subscribers).toBeGreaterThanOrEqual(20);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const before = aggregator.computations;
    // A burst of fifty case changes in the region within a few milliseconds.
    for (let i = 0; i < 50; i++) aggregator.changed([region], ['cases']);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const spent = aggregator.computations - before;
    // One cases section for the district and one for the city (watched by the earlier test
    // or not): at most two rounds each, not fifty, not twenty.
    expect(spent).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(4);
    for (const s of screens) s.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(aggregator.stats().subscribers).toBe(0);
  });

  it('closing the app ends open streams instead of waiting for them', async () => {
    const stream = await new SseReader().open(`${base}/api/v1/screen/stream`, admin);
    await stream.next('overview');
    const started = Date.now();
    const closing = closeApp();
    await stream.done;
    expect(Date.now() - started).toBeLessThan(2000);
    await closing;
  });
});
