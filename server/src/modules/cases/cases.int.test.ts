import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp } from '../../../test/support/test-app.ts';
import { DUE_TIMER, WARN_TIMER } from './case-deadlines.ts';
import {
  centroidOf,
  detail,
  jpeg,
  move,
  north,
  outboxOf,
  report,
  step,
  timerOf,
  uploadPhoto,
  type CaseBody,
  startCasesTestApp,
} from './cases.test-support.ts';

let t: TestApp;
const grid = '310101002001'; // a grid of 南京东路街道, 黄浦区
let here: [number, number];
/** The centre of the i-th grid of the street: separate places for separate cases. */
let spot: (i: number) => [number, number];
const tokens: Record<string, string> = {};
const as = (name: string) => tokens[name] as string;

beforeAll(async () => {
  t = await startCasesTestApp();
  here = centroidOf(t, grid);
  const grids = t.app.regions.children('310101002').map((g) => g.id);
  spot = (i) => centroidOf(t, grids[i % grids.length] as string);
  for (const name of [
    'admin',
    `gridworker.${grid}`,
    'gridworker.310101002',
    'acceptor.310101',
    'dispatcher.310101',
    'commander.310101',
    'commander.310101002',
    'handler.310101.sthj',
    'handler.310104.sthj',
    'handler.310101.cg',
    'citizen',
    'citizen.realname',
  ]) {
    tokens[name] = await t.login(name);
  }
});
afterAll(() => t.close());

/** The street's grid worker: reports and verifies anywhere in 南京东路街道. */
const worker = () => as('gridworker.310101002');

describe('intake refuses bad reports with clear problems and stores nothing', () => {
  it('an unknown class is 422 unknown_class', async () => {
    const { response } = await report(t, worker(), { classId: 'E9999', at: here });
    expect(expectProblem(response, 422, 'unknown_class').detail).toContain('E9999');
  });

  it('a point outside the city is 422 outside_city', async () => {
    const { response } = await report(t, worker(), { classId: 'E0101', at: [116.397, 39.909] });
    expectProblem(response, 422, 'outside_city');
  });

  it('a component id that does not fit the class or the district is 422', async () => {
    const { response } = await report(t, worker(), {
      classId: 'C0101',
      at: here,
      componentId: '3101040101000001',
    });
    expectProblem(response, 422, 'invalid_component_id');
    const ok = await report(t, worker(), {
      classId: 'C0101',
      at: spot(1),
      componentId: '3101010101000001',
    });
    expect(ok.response.statusCode).toBe(201);
  });

  it('a grid worker reporting outside their grid is 403', async () => {
    const { response } = await report(t, as(`gridworker.${grid}`), {
      classId: 'E0101',
      at: spot(5),
    });
    expectProblem(response, 403, 'forbidden');
  });
});

describe('photos', () => {
  it('refuses bytes that are not an image, whatever the content type says', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/case-photos',
      token: worker(),
      headers: { 'content-type': 'image/jpeg' },
      payload: Buffer.from('%PDF-1.7 this is a document, not a photo'),
    });
    expectProblem(response, 422, 'not_an_image');
    const text = await t.request({
      method: 'POST',
      url: '/api/v1/case-photos',
      token: worker(),
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectProblem(text, 415, 'unsupported_media_type');
  });

  it('refuses a photo above the configured limit with 413 photo_too_large', async () => {
    const limit = await t.request({
      method: 'PATCH',
      url: '/api/v1/case-settings',
      token: as('admin'),
      payload: { photoMaxBytes: 4096 },
    });
    expect(limit.json()).toMatchObject({ photoMaxBytes: 4096 });
    try {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/case-photos',
        token: worker(),
        headers: { 'content-type': 'image/jpeg' },
        payload: jpeg(5000),
      });
      expectProblem(response, 413, 'photo_too_large');
    } finally {
      await t.request({
        method: 'PATCH',
        url: '/api/v1/case-settings',
        token: as('admin'),
        payload: { photoMaxBytes: 5 * 1024 * 1024 },
      });
    }
  });

  it('serves a stored photo with its sniffed type to its uploader, and not to strangers', async () => {
    const png = Buffer.alloc(64);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    const upload = await t.request({
      method: 'POST',
      url: '/api/v1/case-photos',
      token: worker(),
      headers: { 'content-type': 'application/octet-stream' },
      payload: png,
    });
    expect(upload.statusCode).toBe(201);
    const { url, contentType } = upload.json<{ url: string; contentType: string }>();
    expect(contentType).toBe('image/png');
    const got = await t.request({ method: 'GET', url, token: worker() });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expectProblem(await t.request({ method: 'GET', url, token: as('citizen') }), 404, 'not_found');
  });
});

describe('the closed loop: collect → register → dispatch → handle → report back → verify → close', () => {
  it('runs the whole way with roles, scope checks, deadlines, timeline and events', async () => {
    const photo = await uploadPhoto(t, worker());
    const reported = await report(t, worker(), {
      classId: 'E0302', // 工地扬尘 → 生态环境局
      at: spot(2),
      description: '工地未覆盖裸土，扬尘严重',
      address: '南京东路 100 号工地',
      photoIds: [photo],
    });
    expect(reported.response.statusCode).toBe(201);
    let c = reported.case;
    expect(c).toMatchObject({ stage: 'collected', streetId: '310101002', version: 1 });
    expect(c.number).toMatch(/^HP-\d{8}-\d{6}$/);

    c = await step(t, as('acceptor.310101'), c, 'register');
    expect(c.stage).toBe('registered');
    expect(c.deadlineAt).not.toBeNull();
    expect((await timerOf(t, DUE_TIMER, c.id))?.status).toBe('pending');

    const before = await detail(t, as('dispatcher.310101'), c.id);
    expect(before.suggestedAssignment).toEqual(
      expect.objectContaining({ kind: 'department', departmentId: '310101.sthj' }),
    );
    c = await step(t, as('dispatcher.310101'), c, 'dispatch');
    expect(c).toMatchObject({ stage: 'dispatched', assigneeDepartmentId: '310101.sthj' });
    const dueTimer = await timerOf(t, DUE_TIMER, c.id);
    expect(dueTimer?.dueAt.toISOString()).toBe(c.deadlineAt);
    expect((await timerOf(t, WARN_TIMER, c.id))?.dueAt.getTime()).toBeLessThan(
      new Date(c.deadlineAt as string).getTime(),
    );

    // A handler of the same bureau in another district, and another bureau here: both refused.
    for (const outsider of ['handler.310104.sthj', 'handler.310101.cg']) {
      const refused = await move(t, as(outsider), c.id, {
        action: 'accept',
        expectedVersion: c.version,
      });
      expectProblem(refused, 403, 'forbidden');
    }
    const handler = as('handler.310101.sthj');
    c = await step(t, handler, c, 'accept');
    expect(c).toMatchObject({ stage: 'handling', handlerId: expect.any(String) });
    const noPhoto = await move(t, handler, c.id, {
      action: 'report_back',
      expectedVersion: c.version,
      note: '已覆盖',
    });
    expectProblem(noPhoto, 422, 'photo_required');
    const handled = await uploadPhoto(t, handler);
    c = await step(t, handler, c, 'report_back', { note: '已覆盖防尘网', photoIds: [handled] });
    expect(c.stage).toBe('reported_back');
    c = await step(t, as('acceptor.310101'), c, 'request_verification');
    const onSite = await uploadPhoto(t, worker());
    c = await step(t, worker(), c, 'verify', { note: '现场核实已整改', photoIds: [onSite] });
    expect(c.stage).toBe('verified');
    c = await step(t, as('acceptor.310101'), c, 'close', { note: '结案' });
    expect(c.stage).toBe('closed');
    expect((await timerOf(t, DUE_TIMER, c.id))?.status).toBe('cancelled');

    const full = await detail(t, as('commander.310101'), c.id);
    expect(full.timeline.map((e) => [e.action, e.actorRole, e.fromStage, e.toStage])).toEqual([
      ['collect', 'grid_worker', null, 'collected'],
      ['register', 'acceptor', 'collected', 'registered'],
      ['dispatch', 'dispatcher', 'registered', 'dispatched'],
      ['accept', 'handler', 'dispatched', 'handling'],
      ['report_back', 'handler', 'handling', 'reported_back'],
      ['request_verification', 'acceptor', 'reported_back', 'verifying'],
      ['verify', 'grid_worker', 'verifying', 'verified'],
      ['close', 'acceptor', 'verified', 'closed'],
    ]);
    expect(full.timeline[4]?.photoIds).toEqual([handled]);
    expect(full.photos.map((p) => p.id).sort()).toEqual([photo, handled, onSite].sort());
    expect(full.availableActions).toEqual(['reopen']);

    for (const type of ['registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed']) {
      expect(await outboxOf(t, `cases.case.${type}`, c.id)).toHaveLength(1);
    }
    const [closed] = await outboxOf<{ reporterIds: string[]; reason: string }>(
      t,
      'cases.case.closed',
      c.id,
    );
    expect(closed?.reason).toBe('verified');
    expect(closed?.reporterIds).toHaveLength(1);
    const [opened] = await outboxOf<{ source: string }>(t, 'cases.case.opened', c.id);
    expect(opened?.source).toBe('grid_worker');
  });

  it('keeps small things in the grid: the grid worker handles them (小事不出网格)', async () => {
    let c = (await report(t, worker(), { classId: 'E0101', at: spot(3) })).case;
    c = await step(t, as('acceptor.310101'), c, 'register');
    c = await step(t, as('dispatcher.310101'), c, 'dispatch');
    expect(c).toMatchObject({ keptInGrid: true, assigneeDepartmentId: null });
    expectProblem(
      await move(t, as('handler.310101.cg'), c.id, {
        action: 'accept',
        expectedVersion: c.version,
      }),
      403,
      'forbidden',
    );
    c = await step(t, worker(), c, 'accept');
    expect(c.stage).toBe('handling');
    const department = await t.request({
      method: 'GET',
      url: '/api/v1/cases?queue=department',
      token: worker(),
    });
    expect(department.json<{ items: CaseBody[] }>().items.map((i) => i.id)).toContain(c.id);
  });
});

describe('state, version and scope conflicts', () => {
  let c: CaseBody;
  beforeAll(async () => {
    c = (await report(t, worker(), { classId: 'E0503', at: spot(4) })).case;
  });

  it('a transition not allowed from the current stage is 409 invalid_transition', async () => {
    const response = await move(t, as('dispatcher.310101'), c.id, {
      action: 'dispatch',
      expectedVersion: c.version,
    });
    const problem = expectProblem(response, 409, 'invalid_transition');
    expect(problem.detail).toContain('collected');
  });

  it('a stale expectedVersion is 409 version_conflict', async () => {
    const response = await move(t, as('acceptor.310101'), c.id, {
      action: 'register',
      expectedVersion: c.version + 5,
    });
    expectProblem(response, 409, 'version_conflict');
  });

  it('two people dispatching at once: one wins, the other gets 409 version_conflict', async () => {
    c = await step(t, as('acceptor.310101'), c, 'register');
    const [a, b] = await Promise.all([
      move(t, as('dispatcher.310101'), c.id, { action: 'dispatch', expectedVersion: c.version }),
      move(t, as('commander.310101'), c.id, {
        action: 'dispatch',
        expectedVersion: c.version,
        departmentId: '310101.cg',
      }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expectProblem(loser, 409, 'version_conflict');
    const now = await detail(t, as('commander.310101'), c.id);
    expect(now.timeline.filter((e) => e.action === 'dispatch')).toHaveLength(1);
    expect(await outboxOf(t, 'cases.case.dispatched', c.id)).toHaveLength(1);
  });

  it('an acceptor of another district cannot register here (403), nor a citizen', async () => {
    const other = (await report(t, worker(), { classId: 'E0503', at: spot(5) })).case;
    const xuhui = await t.login('acceptor.310104');
    expectProblem(
      await move(t, xuhui, other.id, { action: 'register', expectedVersion: other.version }),
      403,
      'forbidden',
    );
    expectProblem(
      await move(t, as('citizen'), other.id, {
        action: 'register',
        expectedVersion: other.version,
      }),
      403,
      'forbidden',
    );
  });

  it('suspends (挂账) and resumes with the remaining working time; extensions need approval', async () => {
    let d = (await report(t, worker(), { classId: 'E0302', at: spot(6) })).case;
    d = await step(t, as('acceptor.310101'), d, 'register');
    d = await step(t, as('dispatcher.310101'), d, 'dispatch');
    d = await step(t, as('dispatcher.310101'), d, 'suspend', { note: '等待业主配合' });
    expect(d.suspended).toBe(true);
    expect((await timerOf(t, DUE_TIMER, d.id))?.status).toBe('cancelled');
    expectProblem(
      await move(t, as('handler.310101.sthj'), d.id, {
        action: 'accept',
        expectedVersion: d.version,
      }),
      409,
      'case_suspended',
    );
    d = await step(t, as('dispatcher.310101'), d, 'resume');
    expect(d.suspended).toBe(false);
    expect((await timerOf(t, DUE_TIMER, d.id))?.status).toBe('pending');

    d = await step(t, as('handler.310101.sthj'), d, 'accept');
    d = await step(t, as('handler.310101.sthj'), d, 'request_extension', {
      note: '需协调施工单位',
      extensionHours: 16,
    });
    expect(d.extensionRequest).toEqual({ hours: 16, reason: '需协调施工单位' });
    const queue = await t.request({
      method: 'GET',
      url: '/api/v1/cases?queue=dispatch',
      token: as('dispatcher.310101'),
    });
    expect(queue.json<{ items: CaseBody[] }>().items.map((i) => i.id)).toContain(d.id);
    const before = new Date(d.deadlineAt as string).getTime();
    d = await step(t, as('dispatcher.310101'), d, 'approve_extension');
    expect(d.extensionRequest).toBeNull();
    expect(new Date(d.deadlineAt as string).getTime()).toBeGreaterThan(before);
  });

  it('督办 comes from a higher level with a note; a grid worker cannot supervise', async () => {
    let d = (await report(t, worker(), { classId: 'E0503', at: spot(7) })).case;
    expectProblem(
      await move(t, worker(), d.id, { action: 'supervise', expectedVersion: d.version, note: 'x' }),
      403,
      'forbidden',
    );
    d = await step(t, as('commander.310101002'), d, 'supervise', { note: '请尽快立案处置' });
    expect(d).toMatchObject({ supervised: true, escalationLevel: 'street' });
    d = await step(t, as('commander.310101'), d, 'supervise', { note: '区级督办' });
    expect(d.escalationLevel).toBe('district');
    // The street is now below the supervising level.
    expectProblem(
      await move(t, as('commander.310101002'), d.id, {
        action: 'supervise',
        expectedVersion: d.version,
        note: '再督办',
      }),
      403,
      'forbidden',
    );
  });
});

describe('duplicates and merging', () => {
  it('offers an open case of the same class within 50 m, and merging keeps every reporter', async () => {
    const place = spot(8);
    const first = await report(t, as('citizen'), {
      classId: 'E0501',
      at: place,
      description: '电瓶车堵住消防通道',
    });
    expect(first.response.statusCode).toBe(201);
    const second = await report(t, as('citizen.realname'), {
      classId: 'E0501',
      at: north(place, 20),
      description: '楼下电瓶车乱停',
    });
    expect(second.duplicates.map((d) => d.id)).toEqual([first.case.id]);
    const otherClass = await report(t, as('citizen.realname'), {
      classId: 'E0101',
      at: north(place, 10),
    });
    expect(otherClass.duplicates).toEqual([]);
    const far = await report(t, as('citizen.realname'), {
      classId: 'E0501',
      at: north(place, 120),
    });
    expect(far.duplicates).toEqual([]);

    const view = await detail(t, as('acceptor.310101'), second.case.id);
    expect(view.possibleDuplicates[0]).toMatchObject({ id: first.case.id });
    expect(view.possibleDuplicates[0]?.distanceMeters).toBeCloseTo(20, 0);

    const merged = await step(t, as('acceptor.310101'), second.case, 'merge', {
      masterCaseId: first.case.id,
    });
    expect(merged).toMatchObject({ stage: 'merged', masterCaseId: first.case.id });
    const master = await detail(t, as('acceptor.310101'), first.case.id);
    expect(master.reporters).toHaveLength(2);
    expect(master.timeline.at(-1)?.action).toBe('merged_in');
    const [event] = await outboxOf<{ reporterIds: string[]; masterCaseId: string }>(
      t,
      'cases.case.merged',
      second.case.id,
    );
    expect(event?.reporterIds).toHaveLength(2);

    // The second citizen follows the master case through their own report.
    const mine = await t.request({
      method: 'GET',
      url: '/api/v1/cases?mine=true',
      token: as('citizen.realname'),
    });
    const ids = mine.json<{ items: CaseBody[] }>().items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([first.case.id, second.case.id]));
    expect((await detail(t, as('citizen.realname'), first.case.id)).id).toBe(first.case.id);
  });

  it('citizens see only their own reports', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/cases', token: as('citizen') });
    const items = list.json<{ items: Array<CaseBody & { reporterPhone: string | null }> }>().items;
    expect(items.length).toBeGreaterThan(0);
    const mineOnly = await t.request({
      method: 'GET',
      url: '/api/v1/cases?mine=true',
      token: as('citizen'),
    });
    expect(mineOnly.json<{ total: number }>().total).toBe(list.json<{ total: number }>().total);
    const strangers = (await report(t, worker(), { classId: 'E0503', at: spot(9) })).case;
    expectProblem(
      await t.request({
        method: 'GET',
        url: `/api/v1/cases/${strangers.id}`,
        token: as('citizen'),
      }),
      404,
      'not_found',
    );
  });
});

describe('lists, queues and the classification', () => {
  it('filters by stage, class, region and text, within the caller’s scope', async () => {
    const accept = await t.request({
      method: 'GET',
      url: '/api/v1/cases?queue=accept&limit=200',
      token: as('acceptor.310101'),
    });
    const items = accept.json<{ items: CaseBody[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.stage === 'collected')).toBe(true);
    const xuhui = await t.login('acceptor.310104');
    const elsewhere = await t.request({
      method: 'GET',
      url: `/api/v1/cases?regionId=${grid}`,
      token: xuhui,
    });
    expect(elsewhere.json<{ total: number }>().total).toBe(0);
    const text = await t.request({
      method: 'GET',
      url: `/api/v1/cases?q=${encodeURIComponent('扬尘')}&classId=E0302&stage=closed`,
      token: as('commander.310101'),
    });
    expect(text.json<{ total: number }>().total).toBe(1);
  });

  it('lists at least 40 classes, and every class resolves to a real department in every district', async () => {
    const classes = await t.request({
      method: 'GET',
      url: '/api/v1/case-classes',
      token: as('citizen'),
    });
    const items = classes.json<{ items: Array<{ id: string; kind: string }> }>().items;
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['component', 'event']));

    const { cases, regions } = t.app;
    await cases.departments.refresh(true);
    const districts = regions.list({ level: 'district', limit: 100, offset: 0 }).items;
    expect(districts).toHaveLength(16);
    for (const district of districts) {
      const street = regions.children(district.id)[0];
      const gridId = street && regions.children(street.id)[0]?.id;
      expect(gridId).toBeTruthy();
      for (const cls of items) {
        const assignment = cases.catalog.resolve(cls.id, gridId as string);
        expect(assignment, `${cls.id} in ${district.id}`).not.toBeNull();
        if (assignment?.kind === 'department') {
          expect(cases.departments.get(assignment.departmentId)).not.toBeNull();
        }
      }
    }
  });

  it('shows the reference data to district staff and the work calendar to anyone signed in', async () => {
    for (const url of [
      '/api/v1/case-alert-mappings',
      '/api/v1/case-dispatch-rules',
      '/api/v1/case-settings',
    ]) {
      const response = await t.request({ method: 'GET', url, token: as('dispatcher.310101') });
      expect(response.statusCode, url).toBe(200);
    }
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/case-settings', token: as('citizen') }),
      403,
      'forbidden',
    );
    const calendar = await t.request({
      method: 'GET',
      url: '/api/v1/work-calendar',
      token: as('citizen'),
    });
    expect(calendar.json()).toMatchObject({ minutesPerDay: 450, utcOffsetMinutes: 480 });
    const year = await t.request({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2027',
      token: as('admin'),
      payload: { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: [] },
    });
    expect(year.statusCode).toBe(200);
    expect(t.app.calendar.current().isWorkingDay('2027-01-01')).toBe(false);
    expectProblem(
      await t.request({
        method: 'PUT',
        url: '/api/v1/work-calendar/years/2027',
        token: as('dispatcher.310101'),
        payload: { holidays: [], workdays: [] },
      }),
      403,
      'forbidden',
    );
  });

  it('administers dispatch rules within the region scope', async () => {
    const rule = await t.request({
      method: 'PUT',
      url: '/api/v1/case-dispatch-rules',
      token: as('commander.310101'),
      payload: {
        classId: 'E0503',
        regionId: '310101002',
        target: 'department_code',
        departmentCode: 'scjg',
      },
    });
    expect(rule.statusCode).toBe(200);
    const resolved = await t.request({
      method: 'GET',
      url: `/api/v1/case-dispatch-rules/resolve?classId=E0503&gridId=${grid}`,
      token: as('dispatcher.310101'),
    });
    expect(resolved.json()).toEqual({
      assignment: expect.objectContaining({ kind: 'department', departmentId: '310101.scjg' }),
    });
    const outside = await t.request({
      method: 'PUT',
      url: '/api/v1/case-dispatch-rules',
      token: as('commander.310101'),
      payload: { classId: 'E0503', regionId: '310104', target: 'grid' },
    });
    expectProblem(outside, 403, 'forbidden');
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/case-dispatch-rules/${rule.json<{ id: string }>().id}`,
      token: as('commander.310101'),
    });
    expect(removed.statusCode).toBe(204);
  });
});
