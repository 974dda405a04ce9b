import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { wellFormed } from './open311.test-support.ts';

let t: TestApp;
let key: string;
let admin: string;
const grid = '310101002001'; // a grid of 南京东路街道, 黄浦区
let spot: (i: number) => [number, number];
const tokens: Record<string, string> = {};
const as = (name: string) => tokens[name] as string;

interface CaseBody {
  id: string;
  number: string;
  version: number;
  stage: string;
  classId: string;
  gridId: string;
  source: string;
  priority: string;
  reporterName: string | null;
  description: string;
}
interface RequestJson {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  service_code: string;
  service_name: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  lat: number;
  long: number;
  media_url: string | null;
}

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  return params.toString();
};

function post(format: 'json' | 'xml', fields: Record<string, string | string[]>) {
  return t.request({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  });
}

/** A valid report of 电瓶车乱停放 at a point, with the given key. */
const parking = (at: [number, number], extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'E0501',
  lat: String(at[1]),
  long: String(at[0]),
  'attribute[severity]': 'serious',
  'attribute[blocks_passage]': 'yes',
  description: '电瓶车堵住了 3 号楼消防通道',
  ...extra,
});

function open311Error(response: LightMyRequestResponse, status: number, pattern?: RegExp) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/json');
  const body = response.json<Array<{ code: number; description: string }>>();
  expect(body).toHaveLength(1);
  expect(body[0]?.code).toBe(status);
  if (pattern) expect(body[0]?.description).toMatch(pattern);
}

async function createKey(name: string, ratePerMinute?: number) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/open311/keys',
    token: admin,
    payload: { name, contact: 'dev@example.org', ...(ratePerMinute ? { ratePerMinute } : {}) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ key: { id: string; keyPrefix: string }; apiKey: string }>();
}

async function caseByNumber(number: string): Promise<CaseBody> {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/cases?q=${number}`,
    token: as('acceptor.310101'),
  });
  const [found] = response.json<{ items: CaseBody[] }>().items;
  if (!found) throw new Error(`case ${number} not found: ${response.body}`);
  return found;
}

async function step(token: string, c: CaseBody, action: string, extra: object = {}) {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/cases/${c.id}/transitions`,
    token,
    payload: { action, expectedVersion: c.version, ...extra },
  });
  if (response.statusCode !== 200) throw new Error(`${action}: ${response.body}`);
  return response.json<CaseBody>();
}

async function photo(token: string): Promise<string> {
  const bytes = Buffer.alloc(256, 0x20);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46], 0);
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/case-photos',
    token,
    headers: { 'content-type': 'image/jpeg' },
    payload: bytes,
  });
  return response.json<{ id: string }>().id;
}

const getJson = <T>(url: string) =>
  t
    .request({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}api_key=${key}` })
    .then((r) => {
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json<T>();
    });

beforeAll(async () => {
  t = await startTestApp();
  const grids = t.app.regions.children('310101002').map((g) => g.id);
  spot = (i) => t.app.regions.get(grids[i % grids.length] as string).centroid;
  for (const name of [
    'admin',
    'acceptor.310101',
    'dispatcher.310101',
    'gridworker.310101002',
    `gridworker.${grid}`,
    'citizen',
  ]) {
    tokens[name] = await t.login(name);
  }
  admin = as('admin');
  key = (await createKey('随申办 app', 10_000)).apiKey;
});
afterAll(() => t.close());

describe('discovery and services', () => {
  it('serves discovery in JSON and well-formed XML', async () => {
    const json = await t.request({ method: 'GET', url: '/open311/v2/discovery.json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['application/json', 'text/xml'],
    });
    const xml = await t.request({ method: 'GET', url: '/open311/v2/discovery.xml' });
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(wellFormed(xml.body)).toBe(true);
    expect(xml.body).toContain('<endpoints><endpoint><specification>');
  });

  it('lists the reportable classes as services, not the emergencies or sensor-only classes', async () => {
    const services = await getJson<Array<Record<string, unknown>>>('/open311/v2/services.json');
    expect(services.find((s) => s.service_code === 'E0501')).toEqual({
      service_code: 'E0501',
      service_name: '电瓶车乱停放',
      description: expect.stringContaining('GB/T 30428 E0501'),
      metadata: true,
      type: 'realtime',
      keywords: '电瓶车乱停放,街面秩序,事件',
      group: '事件 / 街面秩序',
    });
    const codes = services.map((s) => s.service_code);
    expect(codes).toContain('C0101');
    expect(codes).not.toContain('E0404');
    expect(codes).not.toContain('E0408');
    const xml = await t.request({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(wellFormed(xml.body)).toBe(true);
    expect(xml.body).toContain(
      '<service><service_code>E0501</service_code><service_name>电瓶车乱停放</service_name>',
    );
    expect(xml.body.match(/<service>/g)).toHaveLength(services.length);
  });

  it('defines a service with its attributes; an unknown code is 404', async () => {
    const definition = await getJson<{
      service_code: string;
      attributes: Array<{
        code: string;
        datatype: string;
        required: boolean;
        order: number;
        values: unknown[];
      }>;
    }>('/open311/v2/services/E0501.json');
    expect(definition.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['severity', 'singlevaluelist', true, 1],
      ['landmark', 'string', false, 2],
      ['vehicle_count', 'number', false, 3],
      ['blocks_passage', 'singlevaluelist', true, 4],
    ]);
    const xml = await t.request({ method: 'GET', url: '/open311/v2/services/C0101.xml' });
    expect(wellFormed(xml.body)).toBe(true);
    expect(xml.body).toContain('<code>component_id</code>');
    expect(xml.body).toContain('<values><value><key>yes</key><name>是 Yes</name></value>');
    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/services/E9999.json' }),
      404,
      /E9999/,
    );
    const xmlMissing = await t.request({ method: 'GET', url: '/open311/v2/services/E9999.xml' });
    expect(xmlMissing.statusCode).toBe(404);
    expect(xmlMissing.body).toContain('<errors><error><code>404</code><description>');
    expect(wellFormed(xmlMissing.body)).toBe(true);
  });

  it('answers a format it does not speak, or another jurisdiction, with 404', async () => {
    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/services.csv' }),
      404,
      /\.json or \.xml/,
    );
    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=nyc.gov' }),
      404,
      /jurisdiction_id nyc.gov/,
    );
    const ours = await t.request({
      method: 'GET',
      url: '/open311/v2/services.json?jurisdiction_id=onecity.shanghai',
    });
    expect(ours.statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('are issued by a system administrator only, shown once and listed without the secret', async () => {
    const refused = await t.request({
      method: 'POST',
      url: '/api/v1/open311/keys',
      token: as('acceptor.310101'),
      payload: { name: 'x', contact: 'y' },
    });
    expect(refused.statusCode).toBe(403);
    const { apiKey, key: view } = await createKey('第三方地图');
    expect(apiKey).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    expect(apiKey.startsWith(view.keyPrefix)).toBe(true);
    const list = await t.request({ method: 'GET', url: '/api/v1/open311/keys', token: admin });
    expect(list.body).not.toContain(apiKey);
    expect(list.json().items.find((k: { id: string }) => k.id === view.id)).toMatchObject({
      name: '第三方地图',
      status: 'active',
      ratePerMinute: 60,
      lastUsedAt: null,
    });
  });
});

describe('POST requests refuses with the spec’s errors', () => {
  it('403 without a key, with a wrong key, in JSON and XML', async () => {
    const { api_key: _, ...noKey } = parking(spot(1));
    open311Error(await post('json', noKey), 403, /api_key is required/);
    open311Error(await post('json', { ...noKey, api_key: 'o311_wrong' }), 403, /not valid/);
    const xml = await post('xml', noKey);
    expect(xml.statusCode).toBe(403);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toContain('<errors><error><code>403</code>');
  });

  it('404 for an unknown service_code, 400 without one', async () => {
    open311Error(
      await post('json', parking(spot(1), { service_code: 'E9999' })),
      404,
      /service_code E9999 not found/,
    );
    const { service_code: _, ...noCode } = parking(spot(1));
    open311Error(await post('json', noCode), 400, /service_code is required/);
  });

  it('400 without a location, with half of one, outside the city, or at an address we cannot place', async () => {
    const { lat: _lat, long: _long, ...nowhere } = parking(spot(1));
    open311Error(await post('json', nowhere), 400, /lat and long, or address_string/);
    open311Error(await post('json', { ...nowhere, lat: '31.2' }), 400, /go together/);
    open311Error(await post('json', parking([116.397, 39.909])), 400, /not inside any grid/);
    open311Error(
      await post('json', { ...nowhere, address_string: '南京东路 300 号' }),
      400,
      /could not be located/,
    );
    open311Error(
      await post('json', { ...nowhere, lat: 'north', long: '121.4' }),
      400,
      /lat must be/,
    );
  });

  it('400 for a missing required attribute, a value not in the list, an unknown field', async () => {
    const { 'attribute[blocks_passage]': _, ...partial } = parking(spot(1));
    open311Error(await post('json', partial), 400, /attribute\[blocks_passage\] required/);
    open311Error(
      await post('json', parking(spot(1), { 'attribute[severity]': 'apocalyptic' })),
      400,
      /must be one of minor, serious, danger/,
    );
    open311Error(
      await post('json', parking(spot(1), { colour: 'red' })),
      400,
      /colour is not an accepted field/,
    );
  });
});

describe('a request becomes a case and follows the loop', () => {
  let number: string;
  let token: string;

  it('creates a case with source open311, the right class, grid and priority', async () => {
    const at = spot(2);
    const response = await post(
      'json',
      parking(at, {
        email: 'li@example.org',
        first_name: '雷',
        last_name: '李',
        phone: '13800001111',
        account_id: 'acct-42',
        media_url: 'https://img.example.org/p/1.jpg',
        'attribute[landmark]': '3 号楼北侧',
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const [created] = response.json<
      Array<{
        service_request_id: string;
        token: string;
        service_notice: string;
        account_id: string;
      }>
    >();
    expect(created).toMatchObject({
      account_id: 'acct-42',
      service_notice: expect.stringContaining('已收到'),
    });
    number = created!.service_request_id;
    token = created!.token;
    expect(number).toMatch(/^HP-\d{8}-\d{6}$/);

    const c = await caseByNumber(number);
    expect(c).toMatchObject({
      source: 'open311',
      classId: 'E0501',
      gridId: t.app.regions.locate(at[0], at[1])?.grid?.id,
      stage: 'collected',
      priority: 'important',
      reporterName: '李*', // masked in lists; 李雷 for those who may call back
    });
    expect(c.description).toContain('电瓶车堵住了 3 号楼消防通道');
    expect(c.description).toContain('严重程度：严重 Serious');
    expect(c.description).toContain('https://img.example.org/p/1.jpg');

    const [tokenView] = await getJson<Array<{ service_request_id: string }>>(
      `/open311/v2/tokens/${token}.json`,
    );
    expect(tokenView?.service_request_id).toBe(number);
    open311Error(
      await t.request({
        method: 'GET',
        url: '/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json',
      }),
      404,
    );
    const [view] = await getJson<RequestJson[]>(`/open311/v2/requests/${number}.json`);
    expect(view).toMatchObject({
      service_request_id: number,
      status: 'open',
      service_code: 'E0501',
      service_name: '电瓶车乱停放',
      description: '电瓶车堵住了 3 号楼消防通道',
      media_url: 'https://img.example.org/p/1.jpg',
      lat: at[1],
      long: at[0],
    });
    expect(view?.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(JSON.stringify(view)).not.toContain('13800001111');
    expect(JSON.stringify(view)).not.toContain('li@example.org');
  });

  it('answers in XML, accepts multipart fields, and places an address naming a committee', async () => {
    const committee = t.app.regions.get(grid);
    const xml = await post('xml', {
      ...parking(spot(0)),
      lat: [],
      long: [],
      service_code: 'E0101',
      'attribute[severity]': 'minor',
      'attribute[blocks_passage]': [],
      address_string: `黄浦区南京东路街道${committee.name}门口`,
    } as unknown as Record<string, string>);
    expect(xml.statusCode, xml.body).toBe(201);
    expect(wellFormed(xml.body)).toBe(true);
    const placed = /<service_request_id>([^<]+)<\/service_request_id>/.exec(
      xml.body,
    )?.[1] as string;
    expect((await caseByNumber(placed)).gridId).toBe(grid);

    const boundary = 'onecity0311';
    const parts = Object.entries(parking(spot(4), { service_code: 'E0501' }))
      .map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      )
      .join('');
    const multipart = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${parts}--${boundary}--\r\n`,
    });
    expect(multipart.statusCode, multipart.body).toBe(201);
    const withFile = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${parts}--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nxx\r\n--${boundary}--\r\n`,
    });
    open311Error(withFile, 400, /media_url/);
  });

  it('offers duplicates in the notice; a merged request follows its master to the reply', async () => {
    const at = spot(5);
    const first = (await post('json', parking(at))).json<
      Array<{ service_request_id: string }>
    >()[0]!;
    const second = (
      await post('json', parking([at[0], at[1] + 20 / 111_195], { description: '楼下电瓶车乱停' }))
    ).json<Array<{ service_request_id: string; service_notice: string }>>()[0]!;
    expect(second.service_notice).toContain(first.service_request_id);

    const acceptor = as('acceptor.310101');
    const master = await caseByNumber(first.service_request_id);
    await step(acceptor, await caseByNumber(second.service_request_id), 'merge', {
      masterCaseId: master.id,
    });
    let [view] = await getJson<RequestJson[]>(
      `/open311/v2/requests/${second.service_request_id}.json`,
    );
    expect(view).toMatchObject({
      status: 'open',
      status_notes: `已与 ${first.service_request_id} 合并处理`,
    });

    let c = await step(acceptor, master, 'register');
    c = await step(as('dispatcher.310101'), c, 'dispatch');
    const worker = as('gridworker.310101002');
    c = await step(worker, c, 'accept');
    const [following] = await getJson<RequestJson[]>(
      `/open311/v2/requests/${second.service_request_id}.json`,
    );
    expect(following).toMatchObject({
      status: 'open',
      agency_responsible: expect.stringMatching(/网格$/),
    });
    c = await step(worker, c, 'report_back', { note: '已挪走', photoIds: [await photo(worker)] });
    c = await step(acceptor, c, 'request_verification');
    c = await step(worker, c, 'verify', { note: '核实', photoIds: [await photo(worker)] });
    await step(acceptor, c, 'close', { note: '车辆已清理，通道已畅通。感谢您的反映！' });

    [view] = await getJson<RequestJson[]>(`/open311/v2/requests/${second.service_request_id}.json`);
    expect(view).toMatchObject({
      status: 'closed',
      status_notes: `已与 ${first.service_request_id} 合并处理；车辆已清理，通道已畅通。感谢您的反映！`,
    });
    const updates = await getJson<
      Array<{ status: string; description: string; service_request_id: string }>
    >(`/open311/v2/requests/${second.service_request_id}/updates.json`);
    expect(updates.at(-1)).toMatchObject({
      status: 'closed',
      description: '结案：车辆已清理，通道已畅通。感谢您的反映！',
    });
    expect(updates.map((u) => u.description.split(/[：（]/)[0])).toEqual([
      '信息采集',
      '合并',
      '立案',
      '派遣',
      '签收',
      '处置反馈',
      '派发核查',
      '核查通过',
      '结案',
    ]);
  });

  it('shows the public history of the loop, with the reply and no staff names', async () => {
    let c = await caseByNumber(number);
    const acceptor = as('acceptor.310101');
    c = await step(acceptor, c, 'register', { note: '经核实属实，予以立案' });
    c = await step(as('dispatcher.310101'), c, 'dispatch');
    const worker = as('gridworker.310101002');
    c = await step(worker, c, 'accept');
    c = await step(worker, c, 'report_back', {
      note: '网格员王五已劝离车主',
      photoIds: [await photo(worker)],
    });
    let [open] = await getJson<RequestJson[]>(`/open311/v2/requests/${number}.json`);
    expect(open).toMatchObject({ status: 'open', status_notes: null });
    expect(open?.agency_responsible).toMatch(/网格$/);
    c = await step(acceptor, c, 'request_verification');
    c = await step(worker, c, 'verify', { note: '核实', photoIds: [await photo(worker)] });
    await step(acceptor, c, 'close', { note: '已清理，感谢反映' });

    [open] = await getJson<RequestJson[]>(`/open311/v2/requests/${number}.json`);
    expect(open).toMatchObject({
      status: 'closed',
      status_notes: '已清理，感谢反映',
      expected_datetime: null,
    });
    const updates = await getJson<
      Array<{ update_id: string; status: string; description: string }>
    >(`/open311/v2/requests/${number}/updates.json`);
    expect(updates.map((u) => [u.status, u.description])).toEqual([
      ['open', '信息采集'],
      ['open', '立案：经核实属实，予以立案'],
      ['open', expect.stringMatching(/^派遣（.+网格）$/)],
      ['open', '签收'],
      ['open', '处置反馈'],
      ['open', '派发核查'],
      ['open', '核查通过'],
      ['closed', '结案：已清理，感谢反映'],
    ]);
    expect(JSON.stringify(updates)).not.toContain('王五');
    const xml = await t.request({
      method: 'GET',
      url: `/open311/v2/requests/${number}/updates.xml`,
    });
    expect(wellFormed(xml.body)).toBe(true);
    expect(xml.body).toContain('<service_request_updates><request_update><update_id>');
  });
});

describe('GET requests', () => {
  it('filters by ids, service and status; defaults to the last 90 days; pages', async () => {
    const all = await getJson<RequestJson[]>('/open311/v2/requests.json');
    expect(all.length).toBeGreaterThan(5);
    const dayMs = 86_400_000;
    for (const r of all) {
      expect(Date.now() - Date.parse(r.requested_datetime)).toBeLessThan(90 * dayMs + 60_000);
    }
    const ids = all.slice(0, 3).map((r) => r.service_request_id);
    const byIds = await getJson<RequestJson[]>(
      `/open311/v2/requests.json?service_request_id=${ids.join(',')}&status=closed&service_code=C0101`,
    );
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());

    const parkingOnly = await getJson<RequestJson[]>(
      '/open311/v2/requests.json?service_code=E0501,E0101',
    );
    expect(parkingOnly.length).toBeGreaterThan(0);
    expect(new Set(parkingOnly.map((r) => r.service_code))).toEqual(new Set(['E0501', 'E0101']));

    const closed = await getJson<RequestJson[]>('/open311/v2/requests.json?status=closed');
    const open = await getJson<RequestJson[]>('/open311/v2/requests.json?status=open');
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(closed.length + open.length).toBe(all.length);

    const past = await getJson<RequestJson[]>(
      '/open311/v2/requests.json?start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00',
    );
    expect(past).toEqual([]);
    open311Error(
      await t.request({
        method: 'GET',
        url: '/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z',
      }),
      400,
      /90 days/,
    );
    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/requests.json?status=pending' }),
      400,
    );

    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/requests.json?page_size=1001' }),
      400,
      /page_size/,
    );

    // A request from 100 days ago is outside the default window, inside one that covers it.
    const aged = (await post('json', parking(spot(6)))).json<
      Array<{ service_request_id: string }>
    >()[0]!.service_request_id;
    await t.app.platform.db.orm.execute(
      sql`UPDATE cases_cases SET created_at = now() - interval '100 days' WHERE number = ${aged}`,
    );
    const recent = await getJson<RequestJson[]>('/open311/v2/requests.json');
    expect(recent.map((r) => r.service_request_id)).not.toContain(aged);
    const start = new Date(Date.now() - 110 * dayMs).toISOString();
    const end = new Date(Date.now() - 30 * dayMs).toISOString();
    const then = await getJson<RequestJson[]>(
      `/open311/v2/requests.json?start_date=${start}&end_date=${end}`,
    );
    expect(then.map((r) => r.service_request_id)).toEqual([aged]);
    const onlyStart = await getJson<RequestJson[]>(`/open311/v2/requests.json?start_date=${start}`);
    expect(onlyStart.map((r) => r.service_request_id)).toEqual([aged]);

    const page1 = await getJson<RequestJson[]>('/open311/v2/requests.json?page_size=2&page=1');
    const page2 = await getJson<RequestJson[]>('/open311/v2/requests.json?page_size=2&page=2');
    expect(page1.map((r) => r.service_request_id)).toEqual(
      all.slice(0, 2).map((r) => r.service_request_id),
    );
    expect(page2.map((r) => r.service_request_id)).toEqual(
      all.slice(2, 4).map((r) => r.service_request_id),
    );

    const xml = await t.request({ method: 'GET', url: '/open311/v2/requests.xml?page_size=5' });
    expect(wellFormed(xml.body)).toBe(true);
    expect(xml.body.match(/<request>/g)).toHaveLength(5);
    open311Error(
      await t.request({ method: 'GET', url: '/open311/v2/requests/HP-00000000-000000.json' }),
      404,
    );
  });

  it('withholds the words of citizens’ reports and never shows reporters', async () => {
    const citizenCase = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      token: as('citizen'),
      payload: {
        classId: 'E0101',
        description: '我是张三，住 5 号楼',
        lng: spot(7)[0],
        lat: spot(7)[1],
      },
    });
    const number = citizenCase.json<{ case: { number: string } }>().case.number;
    const [view] = await getJson<RequestJson[]>(`/open311/v2/requests/${number}.json`);
    expect(view).toMatchObject({ description: null, service_code: 'E0101' });
    expect(JSON.stringify(view)).not.toContain('张三');
  });
});

describe('rate limits and revocation', () => {
  it('answers 429 in the Open311 format over a key’s rate, with Retry-After', async () => {
    const { apiKey } = await createKey('slow partner', 2);
    const get = () =>
      t.request({ method: 'GET', url: `/open311/v2/services.json?api_key=${apiKey}` });
    expect((await get()).statusCode).toBe(200);
    expect((await get()).statusCode).toBe(200);
    const limited = await get();
    open311Error(limited, 429, /2 requests a minute/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('a revoked key is refused at once, and last use is recorded', async () => {
    const { apiKey, key: view } = await createKey('to revoke');
    expect((await post('json', { ...parking(spot(9)), api_key: apiKey })).statusCode).toBe(201);
    const revoked = await t.request({
      method: 'POST',
      url: `/api/v1/open311/keys/${view.id}/revoke`,
      token: admin,
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked', lastUsedAt: expect.any(String) });
    open311Error(await post('json', { ...parking(spot(9)), api_key: apiKey }), 403, /revoked/);
  });
});
