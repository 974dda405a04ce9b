import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../test/support/test-app.ts';
import { waitFor } from '../../../test/support/test-platform.ts';
import { DUE_TIMER } from './case-deadlines.ts';
import {
  centroidOf,
  report,
  startCasesTestApp,
  step,
  uploadPhoto,
  type CaseBody,
  type CasesTestApp,
} from './cases.test-support.ts';

/**
 * Ten cases driven through the real workflow, then dated into March–April 2026 (the window
 * nothing else in the demo city falls into), and every figure checked against what was done.
 */
let t: CasesTestApp;
const tokens: Record<string, string> = {};
const as = (name: string) => tokens[name] as string;
const street = '310101002'; // 南京东路街道, 黄浦区
const ids: Record<string, string> = {};
const window = 'from=2026-03-01&to=2026-04-30';

interface Row {
  key: string;
  name: string;
  received: number;
  registered: number;
  registrationRate: number | null;
  closed: number;
  closureRate: number | null;
  closedOnTime: number;
  onTimeClosureRate: number | null;
  handled: number;
  rework: number;
  reworkRate: number | null;
  firstTimeClosed: number;
  firstTimeRate: number | null;
  avgHandleHours: number | null;
  avgCloseHours: number | null;
}
interface Body {
  groupBy: string;
  interval: string | null;
  region: { id: string; level: string };
  from: string;
  to: string;
  rows: Row[];
  total: Row;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

async function evaluation(query: string, token = as('commander.310101')) {
  return t.request({ method: 'GET', url: `/api/v1/case-evaluation?${query}`, token });
}
async function figures(query: string, token?: string): Promise<Body> {
  const response = await evaluation(query, token);
  if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
  return response.json<Body>();
}

beforeAll(async () => {
  t = await startCasesTestApp({ onDisk: true });
  for (const name of [
    'gridworker.310101002',
    'acceptor.310101',
    'dispatcher.310101',
    'handler.310101.sthj',
    'commander.310101',
    'commander.310101002',
    'commander',
    'acceptor.310104',
    'handler.310101.cg',
    'citizen',
  ]) {
    tokens[name] = await t.login(name);
  }
  const worker = as('gridworker.310101002');
  const acceptor = as('acceptor.310101');
  const dispatcher = as('dispatcher.310101');
  const handler = as('handler.310101.sthj');
  const grids = t.app.regions.children(street).map((g) => g.id);
  let n = 0;
  const fresh = async (token = worker, at = centroidOf(t, grids[n++ % grids.length] as string)) =>
    (await report(t, token, { classId: 'E0302', at })).case;
  const photo = (token: string) => uploadPhoto(t, token);
  const toHandling = async (c: CaseBody, extra: Record<string, unknown> = {}) => {
    c = await step(t, acceptor, c, 'register');
    c = await step(t, dispatcher, c, 'dispatch', extra);
    return step(t, extra.keepInGrid ? worker : handler, c, 'accept');
  };
  const finish = async (c: CaseBody, by = handler) => {
    c = await step(t, by, c, 'report_back', { photoIds: [await photo(by)] });
    c = await step(t, acceptor, c, 'request_verification');
    c = await step(t, worker, c, 'verify', { photoIds: [await photo(worker)] });
    return step(t, acceptor, c, 'close');
  };

  // A: the plain loop.
  ids.A = (await finish(await toHandling(await fresh()))).id;
  // B: verification fails once (返工), then it passes.
  {
    let c = await toHandling(await fresh());
    c = await step(t, handler, c, 'report_back', { photoIds: [await photo(handler)] });
    c = await step(t, acceptor, c, 'request_verification');
    c = await step(t, worker, c, 'fail_verification', { note: '围挡未到位' });
    ids.B = (await finish(c)).id;
  }
  // C: returned by the department (退回), dispatched again, closed.
  {
    let c = await toHandling(await fresh());
    c = await step(t, handler, c, 'return', { note: '非本单位职责' });
    c = await step(t, dispatcher, c, 'dispatch');
    c = await step(t, handler, c, 'accept');
    ids.C = (await finish(c)).id;
  }
  // D: the handling deadline passes (the due timer fires), then it is closed: not on time.
  {
    const c = await toHandling(await fresh());
    await t.app.platform.db.rows(
      sql`UPDATE platform_timers SET due_at = now() - interval '1 minute' WHERE kind = ${DUE_TIMER} AND key = ${c.id}`,
    );
    await waitFor(
      async () => {
        const [row] = await t.app.platform.db.rows<{ overdue: boolean }>(
          sql`SELECT overdue FROM cases_cases WHERE id = ${c.id}`,
        );
        return row?.overdue;
      },
      { what: 'case D overdue', timeoutMs: 20_000 },
    );
    const [now] = await t.app.platform.db.rows<{ version: number }>(
      sql`SELECT version FROM cases_cases WHERE id = ${c.id}`,
    );
    ids.D = (await finish({ ...c, version: now?.version ?? c.version })).id;
  }
  // E: rejected (不予立案).
  ids.E = (await step(t, acceptor, await fresh(), 'reject', { note: '不属实' })).id;
  // F: still being handled.
  const f = await toHandling(await fresh());
  ids.F = f.id;
  // G: closed, then re-opened (返工), now waiting for dispatch again.
  {
    const c = await finish(await toHandling(await fresh()));
    ids.G = (await step(t, acceptor, c, 'reopen', { note: '群众反映问题复发' })).id;
  }
  // H: a duplicate, merged into F.
  ids.H = (await step(t, acceptor, await fresh(), 'merge', { masterCaseId: f.id })).id;
  // I: kept in the grid and handled by the grid worker.
  ids.I = (await finish(await toHandling(await fresh(), { keepInGrid: true }), worker)).id;
  // J: 徐汇区, registered only: outside 黄浦区's scope.
  const xuhui = t.app.regions.children(t.app.regions.children('310104')[0]?.id as string)[0];
  const j = await fresh(as('acceptor.310104'), centroidOf(t, xuhui?.id as string));
  ids.J = (await step(t, as('acceptor.310104'), j, 'register')).id;

  // History: received on these Shanghai-local dates, handled (派遣 → 反馈) and closed
  // (反馈 → 结案) in these many hours.
  const history: Record<string, [string, number?, number?]> = {
    A: ['2026-03-02T01:00:00+08:00', 2, 1], // 1 March in UTC, 2 March in Shanghai
    B: ['2026-03-02T10:00:00+08:00', 4, 2],
    C: ['2026-03-02T23:30:00+08:00', 6, 3],
    D: ['2026-03-04T09:00:00+08:00', 10, 4],
    E: ['2026-03-04T09:10:00+08:00'],
    F: ['2026-03-04T09:20:00+08:00'],
    G: ['2026-03-10T09:00:00+08:00'],
    H: ['2026-03-11T09:00:00+08:00'],
    I: ['2026-04-01T09:00:00+08:00', 3, 5],
    J: ['2026-03-05T09:00:00+08:00'],
  };
  for (const [name, [created, handle, close]] of Object.entries(history)) {
    const at = new Date(created);
    const dispatched = new Date(at.getTime() + 3600_000);
    const reported = new Date(dispatched.getTime() + (handle ?? 0) * 3600_000);
    const closed = new Date(reported.getTime() + (close ?? 0) * 3600_000);
    await t.app.platform.db.rows(sql`
      UPDATE cases_cases SET created_at = ${at},
        dispatched_at = CASE WHEN dispatched_at IS NULL THEN NULL ELSE ${dispatched}::timestamptz END,
        reported_back_at = CASE WHEN reported_back_at IS NULL THEN NULL ELSE ${reported}::timestamptz END,
        closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE ${closed}::timestamptz END
      WHERE id = ${ids[name] as string}`);
  }
}, 300_000);
afterAll(() => t.close());

describe('case evaluation (考核评价) per GB/T 30428 practice', () => {
  it('counts and ratios per department, each case under the department last responsible', async () => {
    const body = await figures(`groupBy=department&${window}`);
    expect(body.region).toMatchObject({ id: '310101', level: 'district' });
    // 9 received in 黄浦区 (J is in 徐汇区); E rejected and H merged were never registered.
    expect(body.total).toMatchObject({
      key: 'total',
      name: '合计',
      received: 9,
      registered: 7,
      registrationRate: round4(7 / 9),
      closed: 5, // A B C D I
      closureRate: round4(5 / 7),
      closedOnTime: 4, // D missed its handling deadline
      onTimeClosureRate: 0.8,
      handled: 7, // A B C D F G I
      rework: 3, // B failed verification, C was returned, G was re-opened
      reworkRate: round4(3 / 7),
      firstTimeClosed: 3, // A D I
      firstTimeRate: 0.6,
      avgHandleHours: (2 + 4 + 6 + 10 + 3) / 5,
      avgCloseHours: (1 + 2 + 3 + 4 + 5) / 5,
    });
    expect(body.rows.map((r) => [r.key, r.received])).toEqual([
      ['310101.sthj', 5], // A B C D F
      ['grid', 1], // I
      ['unassigned', 3], // E H, and G since its re-opening
    ]);
    const sthj = body.rows[0] as Row;
    expect(sthj.name).toContain('生态环境');
    expect(sthj).toMatchObject({
      registered: 5,
      closed: 4,
      closureRate: 0.8,
      closedOnTime: 3,
      onTimeClosureRate: 0.75,
      handled: 5,
      rework: 2,
      reworkRate: 0.4,
      firstTimeClosed: 2,
      firstTimeRate: 0.5,
      avgHandleHours: 5.5,
      avgCloseHours: 2.5,
    });
    expect(body.rows[1]).toMatchObject({ name: '网格自处置', closed: 1, firstTimeRate: 1 });
    expect(body.rows[2]).toMatchObject({
      name: '未派遣',
      registered: 1,
      closed: 0,
      closureRate: 0,
      onTimeClosureRate: null,
      handled: 1,
      rework: 1,
      avgHandleHours: null,
    });
  });

  it('per region: the children of the chosen region, with zeros where nothing happened', async () => {
    const streets = await figures(`groupBy=region&${window}`);
    expect(streets.rows.map((r) => r.key)).toEqual(
      t.app.regions.children('310101').map((s) => s.id),
    );
    expect(streets.rows.find((r) => r.key === street)).toMatchObject({ received: 9, closed: 5 });
    expect(streets.rows.filter((r) => r.key !== street).every((r) => r.received === 0)).toBe(true);

    const grids = await figures(`groupBy=region&regionId=${street}&${window}`);
    expect(grids.rows).toHaveLength(t.app.regions.children(street).length);
    expect(grids.rows.reduce((sum, r) => sum + r.received, 0)).toBe(9);
    expect(grids.total.received).toBe(9);

    const city = await figures(`groupBy=region&${window}`, as('commander'));
    expect(city.region.level).toBe('city');
    expect(city.rows).toHaveLength(16);
    expect(city.rows.find((r) => r.key === '310101')?.received).toBe(9);
    expect(city.rows.find((r) => r.key === '310104')).toMatchObject({
      received: 1,
      registered: 1,
      registrationRate: 1,
      closureRate: 0,
    });
    expect(city.total.received).toBe(10);
  });

  it('per period: Shanghai days, Monday weeks and months, empty buckets included', async () => {
    const days = await figures(`groupBy=period&interval=day&${window}`);
    expect(days.rows).toHaveLength(61); // 1 March – 30 April
    const byDay = Object.fromEntries(days.rows.map((r) => [r.key, r.received]));
    expect(byDay['2026-03-01']).toBe(0); // A was received at 01:00 on 2 March in Shanghai
    expect(byDay['2026-03-02']).toBe(3);
    expect(byDay['2026-03-04']).toBe(3);
    expect(byDay['2026-03-10']).toBe(1);
    expect(byDay['2026-04-01']).toBe(1);
    expect(days.total.received).toBe(9);

    const weeks = await figures(`groupBy=period&interval=week&${window}`);
    expect(weeks.rows[0]).toMatchObject({ key: '2026-02-23', name: '2026-02-23～2026-03-01' });
    expect(weeks.rows.filter((r) => r.received > 0).map((r) => [r.key, r.received])).toEqual([
      ['2026-03-02', 6],
      ['2026-03-09', 2],
      ['2026-03-30', 1],
    ]);
    expect(weeks.rows.find((r) => r.key === '2026-03-02')).toMatchObject({
      registered: 5, // A B C D F
      closed: 4,
      closedOnTime: 3,
      rework: 2,
      reworkRate: round4(2 / 5),
    });

    const months = await figures(`groupBy=period&interval=month&${window}`);
    expect(months.rows.map((r) => [r.name, r.received])).toEqual([
      ['2026-03', 8],
      ['2026-04', 1],
    ]);
  });

  it('exports CSV for Excel: BOM, Chinese headers, percentages, a 合计 line', async () => {
    const response = await evaluation(`groupBy=department&${window}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="case-evaluation-department-310101-20260301-20260430.csv"',
    );
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      '部门,编码,受理数,立案数,立案率,结案数,结案率,按期结案数,按期结案率,处置数,返工数,返工率,一次完成数,一次完成率,平均处置时长(小时),平均结案时长(小时)',
    );
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[2]).toBe(
      '网格自处置,grid,1,1,100.00%,1,100.00%,1,100.00%,1,0,0.00%,1,100.00%,3.00,5.00',
    );
    expect(lines[3]).toBe('未派遣,unassigned,3,1,33.33%,0,0.00%,0,,1,1,100.00%,0,,,');
    expect(lines[4]).toBe('合计,total,9,7,77.78%,5,71.43%,4,80.00%,7,3,42.86%,3,60.00%,5.00,3.00');

    const byAccept = await t.request({
      method: 'GET',
      url: `/api/v1/case-evaluation?groupBy=department&${window}`,
      token: as('commander.310101'),
      headers: { accept: 'text/csv' },
    });
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.body).toBe(response.body);
  });

  it('keeps to the region scope: a district sees its subtree only', async () => {
    expectProblem(await evaluation(`groupBy=region&regionId=310104&${window}`), 403, 'forbidden');
    const street = await figures(`groupBy=department&${window}`, as('commander.310101002'));
    expect(street.region.id).toBe('310101002');
    expect(street.total.received).toBe(9);
    expectProblem(
      await evaluation(`groupBy=department&regionId=310101&${window}`, as('commander.310101002')),
      403,
      'forbidden',
    );
    expectProblem(
      await evaluation(`groupBy=department`, as('handler.310101.cg')),
      403,
      'forbidden',
    );
    expectProblem(await evaluation(`groupBy=department`, as('citizen')), 403, 'forbidden');
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/case-evaluation?groupBy=region' }),
      401,
      'unauthorized',
    );
  });

  it('refuses bad parameters with 400 (and an unknown region with 404)', async () => {
    expectProblem(await evaluation('groupBy=team'), 400, 'validation_failed');
    expectProblem(await evaluation('groupBy=period&interval=hour'), 400, 'validation_failed');
    expectProblem(await evaluation('groupBy=region&color=red'), 400, 'validation_failed');
    expectProblem(await evaluation('from=2026-03-01'), 400, 'validation_failed');
    const reversed = expectProblem(
      await evaluation('groupBy=department&from=2026-04-30&to=2026-03-01'),
      400,
      'invalid_range',
    );
    expect(reversed.detail).toContain('must be before');
    expectProblem(
      await evaluation('groupBy=department&from=2026-03-05T00:00:00Z&to=2026-03-05T00:00:00Z'),
      400,
      'invalid_range',
    );
    expectProblem(await evaluation('groupBy=department&from=2026-02-30'), 400, 'invalid_date');
    expectProblem(await evaluation('groupBy=department&to=yesterday'), 400, 'invalid_date');
    expectProblem(
      await evaluation('groupBy=period&interval=day&from=2020-01-01&to=2026-01-01'),
      400,
      'too_many_buckets',
    );
    expectProblem(await evaluation('groupBy=region&regionId=999999'), 404, 'not_found');
  });

  it('defaults to the last 30 days in Shanghai', async () => {
    const body = await figures('groupBy=period');
    expect(body.interval).toBe('day');
    expect(body.rows).toHaveLength(30);
    expect(body.total.received).toBeGreaterThan(0); // the demo seed's cases, received today
    expect(body.total.received).toBe(body.rows.reduce((sum, r) => sum + r.received, 0));
  });
});

describe('every transition is in the platform audit log', () => {
  it('the plain loop of case A: seven entries, in the same hash chain as everything else', async () => {
    const entries = await t.app.platform.db.rows<{
      action: string;
      actor_name: string;
      region_id: string;
      details: { fromStage: string; toStage: string; number: string };
    }>(
      sql`SELECT action, actor_name, region_id, details FROM platform_audit_log
          WHERE target_type = 'case' AND target_id = ${ids.A as string} ORDER BY seq`,
    );
    expect(entries.map((e) => e.action)).toEqual([
      'cases.register',
      'cases.dispatch',
      'cases.accept',
      'cases.report_back',
      'cases.request_verification',
      'cases.verify',
      'cases.close',
    ]);
    expect(entries[1]?.details).toMatchObject({
      fromStage: 'registered',
      toStage: 'dispatched',
      assigneeDepartmentId: '310101.sthj',
    });
    expect(entries[0]?.region_id).toMatch(/^310101002/);
    const verified = await t.app.platform.auditLog.verify(t.app.platform.db.orm);
    expect(verified.problems).toEqual([]);
  });
});
