import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserForFile, watchForeignRequests, watchPageErrors } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call, token } = platformApi(baseUrl);
const PASSWORD = 'OneCity@2026';
/** 南京东路街道 (黄浦区): the street the demo seed leaves free for tests. */
const SITE = { latitude: 31.2157, longitude: 121.4901 } as const;
const GRID_WORKER = 'gridworker.310101002';
const ACCEPTOR = 'acceptor.310101';
const DISPATCHER = 'dispatcher.310101';
/** 工地扬尘 goes to the district's 生态环境局 by the class's rule. */
const HANDLER = 'handler.310101.sthj';

const { browser, keep } = browserForFile();

/** A small but real PNG (a sky-to-grass gradient), built by hand: no image library needed. */
function sitePhoto(seed: number): Buffer {
  const size = 48;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y += 1) {
    rows.push(0);
    for (let x = 0; x < size; x += 1) {
      const sky = y < size / 2;
      rows.push(
        sky ? 120 + ((x * 2 + seed * 40) % 100) : 90,
        sky ? 170 : 140 + (x % 40),
        sky ? 230 : 70,
      );
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface CaseBody {
  id: string;
  number: string;
  stage: string;
  version: number;
  gridId: string;
  districtId: string;
  assigneeDepartmentId: string | null;
  keptInGrid: boolean;
}

/** Moves a case one step through the API, as the person whose job the step is. */
async function move(username: string, c: CaseBody, action: string, extra: object = {}) {
  const who = await token(username);
  const needsPhoto = action === 'report_back' || action === 'verify';
  const photoIds = needsPhoto
    ? [
        (
          await call<{ id: string }>(
            '/api/v1/case-photos',
            {
              method: 'POST',
              body: new Uint8Array(sitePhoto(3)),
              headers: { 'content-type': 'image/png' },
            },
            who,
          )
        ).id,
      ]
    : [];
  return call<CaseBody>(
    `/api/v1/cases/${c.id}/transitions`,
    {
      method: 'POST',
      body: JSON.stringify({
        action,
        expectedVersion: c.version,
        ...(photoIds.length ? { photoIds } : {}),
        ...extra,
      }),
    },
    who,
  );
}

async function openAs(username: string) {
  const opened = await openLogin(browser(), baseUrl);
  keep(opened.context);
  await logIn(opened.page, username, PASSWORD);
  await opened.page.waitForURL((url) => url.pathname !== '/login');
  return opened;
}

/** A phone held by a grid worker on site: small screen, touch, and a GPS fix at the site. */
async function openPhoneAs(username: string, geolocation: typeof SITE | null) {
  const context = await browser().newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  });
  keep(context);
  const page = await context.newPage();
  const foreign = watchForeignRequests(page, baseUrl);
  const errors = watchPageErrors(page);
  await page.goto('/login');
  await page.getByTestId('demo-hint').waitFor();
  await logIn(page, username, PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/login');
  return { page, foreign, errors };
}

/** Picks an option of an antd Select by its text. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${option}$`) })
    .first()
    .click();
}

/** Taps a small class: the radio input is hidden, its label is what a finger hits. */
async function pickClass(page: Page, classId: string) {
  await page.locator(`label:has([data-testid="report-class-${classId}"])`).click();
}

/** Runs the step's modal: optional photo and note, then the confirm button. */
async function act(page: Page, button: string, options: { note?: string; photo?: number } = {}) {
  await page.getByTestId(button).click();
  const modal = page.getByTestId('case-action-modal');
  await modal.waitFor();
  if (options.photo !== undefined) {
    await page.getByTestId('action-photos-input').setInputFiles({
      name: 'site.png',
      mimeType: 'image/png',
      buffer: sitePhoto(options.photo),
    });
    await page.locator('[data-testid="action-photos"][data-count="1"]').waitFor();
  }
  if (options.note) await page.getByTestId('case-action-note').fill(options.note);
  await page.getByTestId('case-action-ok').click();
  await modal.waitFor({ state: 'detached' });
}

/** Opens a queue tab narrowed to one case number, so the row is on the first page. */
async function openQueue(page: Page, tab: string, number: string) {
  await page.goto(`/workbench/cases?tab=${tab}&q=${encodeURIComponent(number)}`);
  await page.getByTestId('cases-page').waitFor();
  await page.waitForLoadState('networkidle');
}

describe('the case loop in the browser', () => {
  it('a grid worker reports on a phone; acceptor, dispatcher, handler, grid worker and acceptor take it to closed', async () => {
    const description = `工地裸土未覆盖，扬尘严重（浏览器测试 ${Date.now()}）`;

    // 1. 信息采集: the grid worker photographs the site, takes the GPS fix and picks the class.
    const worker = await openPhoneAs(GRID_WORKER, SITE);
    await worker.page.goto('/workbench/cases/report');
    await worker.page.getByTestId('case-report-form').waitFor();
    await worker.page.getByTestId('report-photos-input').setInputFiles({
      name: 'site.png',
      mimeType: 'image/png',
      buffer: sitePhoto(1),
    });
    await worker.page.locator('[data-testid="report-photos"][data-count="1"]').waitFor();
    await worker.page.getByTestId('report-gps').click();
    const point = worker.page.getByTestId('report-point');
    await point.waitFor();
    expect(await point.getAttribute('data-via')).toBe('gps');
    await expect.poll(() => point.textContent()).toContain('南京东路街道');
    await choose(worker.page, 'report-big-class', '施工管理');
    await pickClass(worker.page, 'E0302');
    await worker.page.getByTestId('report-address').fill('龙泉园路 18 号工地');
    await worker.page.getByTestId('report-description').fill(description);
    await worker.page
      .locator('[data-testid="report-map"][data-loading="false"]')
      .waitFor({ timeout: 30_000 });
    await worker.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-report-mobile.png'),
      fullPage: true,
    });
    // Someone reported 工地扬尘 at the same site a moment ago: before sending, the form shows
    // it, and the worker says it is not the same problem (不是同一件事).
    const earlier = await call<{ case: CaseBody }>(
      '/api/v1/cases',
      {
        method: 'POST',
        body: JSON.stringify({
          classId: 'E0302',
          description: `隔壁工地扬尘（浏览器测试 ${Date.now()}）`,
          lng: SITE.longitude,
          lat: SITE.latitude,
        }),
      },
      await token(ACCEPTOR),
    );
    await worker.page.getByTestId('report-submit').click();
    const check = worker.page.getByTestId('report-duplicate-check');
    await check.waitFor();
    expect(await check.textContent()).toContain(earlier.case.number);
    await worker.page.getByTestId('report-not-duplicate').click();
    await worker.page.getByTestId('report-result').waitFor();
    const number = (await worker.page.getByTestId('report-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^HP-\d{8}-\d{6}$/);
    // Possible duplicates the worker was not shown (none, usually) may still be listed.
    if (await worker.page.getByTestId('report-duplicates').isVisible()) {
      await worker.page.getByTestId('report-confirm').click();
    }
    await worker.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-report-sent.png'),
      fullPage: true,
    });
    expect(worker.foreign).toEqual([]);

    // 2. 立案: the acceptor sees the worker's decision on the case, finds it in the accept
    // queue and registers it.
    const acceptor = await openAs(ACCEPTOR);
    const reported = await call<{ items: CaseBody[] }>(
      `/api/v1/cases?q=${encodeURIComponent(number)}`,
      {},
      await token(ACCEPTOR),
    );
    await acceptor.page.goto(`/workbench/cases/${reported.items[0]?.id}`);
    const declined = acceptor.page.getByTestId('case-not-duplicate');
    await declined.waitFor();
    expect(await declined.textContent()).toContain(earlier.case.number);
    await openQueue(acceptor.page, 'accept', number);
    await acceptor.page.getByTestId(`case-row-${number}`).waitFor();
    await acceptor.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-accept-queue.png'),
      fullPage: true,
    });
    await act(acceptor.page, `row-action-register-${number}`, {
      note: '经核实属实，予以立案',
    });
    await acceptor.page.getByTestId(`case-row-${number}`).waitFor({ state: 'detached' });

    // 3. 派遣: on the dispatcher's board the case waits in 待派遣; the rules suggest 生态环境局.
    const dispatcher = await openAs(DISPATCHER);
    await openQueue(dispatcher.page, 'dispatch', number);
    const card = dispatcher.page.getByTestId(`board-card-${number}`);
    await dispatcher.page
      .getByTestId('board-to_dispatch')
      .getByTestId(`board-card-${number}`)
      .waitFor();
    await dispatcher.page.getByTestId(`board-action-dispatch-${number}`).click();
    await expect
      .poll(() =>
        dispatcher.page.locator('label:has([data-testid="dispatch-suggested"])').textContent(),
      )
      .toContain('黄浦区生态环境局');
    await dispatcher.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-dispatch-board.png'),
    });
    await dispatcher.page.getByTestId('case-action-ok').click();
    await dispatcher.page
      .getByTestId('board-in_progress')
      .getByTestId(`board-card-${number}`)
      .waitFor();
    expect(await card.textContent()).toContain('黄浦区生态环境局');

    // 4. 签收, 处置 and 反馈 with a photo: the handler's department task list.
    const handler = await openAs(HANDLER);
    await openQueue(handler.page, 'department', number);
    await act(handler.page, `row-action-accept-${number}`, { note: '已签收' });
    await act(handler.page, `row-action-report_back-${number}`, {
      note: '已覆盖防尘网',
      photo: 2,
    });
    await handler.page.getByTestId(`case-row-${number}`).waitFor({ state: 'detached' });

    // The dispatcher sends it for verification on site.
    await openQueue(dispatcher.page, 'dispatch', number);
    await dispatcher.page
      .getByTestId('board-to_verify')
      .getByTestId(`board-card-${number}`)
      .waitFor();
    await act(dispatcher.page, `board-action-request_verification-${number}`);

    // 5. 核查 on the phone: the grid worker's verify queue, with a photo.
    await openQueue(worker.page, 'verify', number);
    await worker.page.getByTestId(`row-action-verify-${number}`).waitFor();
    await worker.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-verify-mobile.png'),
      fullPage: true,
    });
    await act(worker.page, `row-action-verify-${number}`, {
      note: '现场已整改',
      photo: 3,
    });
    await worker.page.getByTestId(`case-row-${number}`).waitFor({ state: 'detached' });

    // 6. 结案 with the reply, from the acceptor's close queue.
    await openQueue(acceptor.page, 'close', number);
    await act(acceptor.page, `row-action-close-${number}`, {
      note: '已整改完毕，感谢反映',
    });
    await acceptor.page.getByTestId(`case-row-${number}`).waitFor({ state: 'detached' });

    // The detail: every step on the timeline, the three photos, the point in its grid.
    await openQueue(acceptor.page, 'all', number);
    await acceptor.page.getByTestId(`case-row-${number}`).click();
    const detail = acceptor.page.getByTestId('case-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-stage')).toBe('closed');
    const steps = await acceptor.page
      .getByTestId('timeline-entry')
      .evaluateAll((entries) => entries.map((e) => e.getAttribute('data-action')));
    expect(steps).toEqual([
      'collect',
      'register',
      'dispatch',
      'accept',
      'report_back',
      'request_verification',
      'verify',
      'close',
    ]);
    await acceptor.page.locator('[data-testid="case-photos"][data-loaded="3"]').waitFor();
    await acceptor.page
      .locator('[data-testid="case-map"][data-loading="false"]')
      .waitFor({ timeout: 30_000 });
    await acceptor.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-detail.png'),
      fullPage: true,
    });

    // 考核评价: the closed case counts for 黄浦区生态环境局; the same table comes as CSV.
    await acceptor.page.goto('/workbench/case-evaluation?groupBy=department');
    const bureau = acceptor.page
      .getByTestId('evaluation-table')
      .locator('tr', { hasText: '黄浦区生态环境局' });
    await bureau.waitFor();
    expect(
      Number(await bureau.getByTestId('eval-closed').locator('span').first().textContent()),
    ).toBeGreaterThan(0);
    await acceptor.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-evaluation.png'),
      fullPage: true,
    });
    const [download] = await Promise.all([
      acceptor.page.waitForEvent('download'),
      acceptor.page.getByTestId('evaluation-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^case-evaluation-department-310101-\d{8}-\d{8}\.csv$/,
    );
    const csvPath = await download.path();
    const csv = (await import('node:fs/promises')).readFile(csvPath, 'utf8');
    expect(await csv).toContain('黄浦区生态环境局');
    expect(acceptor.foreign).toEqual([]);
    expect(acceptor.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('a stale button shows the conflict and the current state', async () => {
    // A fresh report, registered by a second acceptor while the first one looks at the queue.
    const worker = await token(GRID_WORKER);
    const { case: fresh } = await call<{ case: CaseBody }>(
      '/api/v1/cases',
      {
        method: 'POST',
        body: JSON.stringify({
          classId: 'E0104',
          description: `店铺门前乱堆物堆料（冲突测试 ${Date.now()}）`,
          lng: SITE.longitude + 0.0002,
          lat: SITE.latitude + 0.0002,
        }),
      },
      worker,
    );
    const acceptor = await openAs(ACCEPTOR);
    await openQueue(acceptor.page, 'accept', fresh.number);
    await acceptor.page.getByTestId(`case-row-${fresh.number}`).waitFor();
    await move('acceptor', fresh, 'register');
    await acceptor.page.getByTestId(`row-action-register-${fresh.number}`).click();
    await acceptor.page.getByTestId('case-action-ok').click();
    const warning = acceptor.page.locator('.ant-message').getByText('已被他人处理');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('changed by someone else');
    await acceptor.page.getByTestId(`case-row-${fresh.number}`).waitFor({ state: 'detached' });
  });

  it('an acceptor merges a second report of the same problem into the first', async () => {
    const worker = await token(GRID_WORKER);
    const report = (description: string, offset: number) =>
      call<{ case: CaseBody; possibleDuplicates: Array<{ id: string }> }>(
        '/api/v1/cases',
        {
          method: 'POST',
          body: JSON.stringify({
            classId: 'E0501',
            description,
            lng: SITE.longitude - 0.0004,
            lat: SITE.latitude - 0.0004 + offset,
          }),
        },
        worker,
      );
    const first = await report(`电瓶车堵住消防通道（合并测试 ${Date.now()}）`, 0);
    const second = await report(`楼下电瓶车乱停（合并测试 ${Date.now()}）`, 0.0001);
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.case.id);

    const acceptor = await openAs(ACCEPTOR);
    await openQueue(acceptor.page, 'accept', second.case.number);
    await acceptor.page.getByTestId(`row-action-merge-${second.case.number}`).click();
    // The nearest open duplicate is chosen already (on a reused database an older report of
    // the same spot may be as near); the acceptor picks the first report explicitly.
    const modal = acceptor.page.getByTestId('case-action-modal');
    const option = acceptor.page.locator(`label:has([data-testid="merge-${first.case.number}"])`);
    await option.waitFor();
    expect(await modal.locator('.ant-radio-wrapper-checked').count()).toBe(1);
    await option.click();
    expect(await option.getAttribute('class')).toContain('checked');
    await acceptor.page.getByTestId('case-action-ok').click();
    await acceptor.page
      .getByTestId(`case-row-${second.case.number}`)
      .waitFor({ state: 'detached' });
    const master = await call<{
      reporters: unknown[];
      mergedCases: Array<{ number: string }>;
    }>(`/api/v1/cases/${first.case.id}`, {}, await token(ACCEPTOR));
    expect(master.mergedCases.map((m) => m.number)).toEqual([second.case.number]);
    expect(master.reporters).toHaveLength(2);
  });

  it('a citizen reports from the portal, picking the place on the map, and reads the reply', async () => {
    const citizen = await openPhoneAs('citizen.realname', null);
    await citizen.page.waitForURL((url) => url.pathname === '/portal');
    await citizen.page.getByTestId('entry-report').click();
    await citizen.page.getByTestId('case-report-form').waitFor();
    // No GPS permission: the form says so and the map takes the place.
    await citizen.page.getByTestId('report-gps').click();
    await citizen.page.locator('.ant-alert-info').waitFor();
    const map = citizen.page.locator('[data-testid="report-map"][data-loading="false"]');
    await map.waitFor({ timeout: 30_000 });
    const box = await map.boundingBox();
    if (!box) throw new Error('the map has no size');
    await citizen.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const point = citizen.page.getByTestId('report-point');
    await point.waitFor();
    expect(await point.getAttribute('data-via')).toBe('map');
    await expect.poll(() => point.textContent()).toMatch(/区/);
    await choose(citizen.page, 'report-big-class', '街面秩序');
    await pickClass(citizen.page, 'E0505');
    const description = `夜里楼下烧烤店噪音很大（浏览器测试 ${Date.now()}）`;
    await citizen.page.getByTestId('report-description').fill(description);
    await citizen.page.getByTestId('report-submit').click();
    // Open 噪音扰民 cases nearby, if any, are shown first; the citizen says it is another one.
    const result = citizen.page.getByTestId('citizen-report-result');
    const check = citizen.page.getByTestId('report-duplicate-check');
    await result.or(check).first().waitFor();
    if (await check.isVisible()) await citizen.page.getByTestId('report-not-duplicate').click();
    await result.waitFor();
    const number = (await citizen.page.getByTestId('report-number').textContent())?.trim() ?? '';

    // The city takes it round the loop (through the API) and closes it with a reply.
    const mine = await call<{ items: CaseBody[] }>(
      `/api/v1/cases?mine=true&q=${encodeURIComponent(number)}`,
      {},
      await token('citizen.realname'),
    );
    let c = mine.items[0];
    if (!c) throw new Error(`${number} is not among the citizen's reports`);
    const district = c.districtId;
    c = await move(`acceptor.${district}`, c, 'register');
    c = await move(`dispatcher.${district}`, c, 'dispatch');
    const handler = c.keptInGrid ? `gridworker.${c.gridId}` : `handler.${c.assigneeDepartmentId}`;
    c = await move(handler, c, 'accept');
    c = await move(handler, c, 'report_back');
    c = await move(`acceptor.${district}`, c, 'request_verification');
    c = await move(`gridworker.${c.gridId}`, c, 'verify');
    await move(`acceptor.${district}`, c, 'close', {
      note: '已约谈店主，22 点后停止户外经营',
    });

    await citizen.page.goto('/portal/reports');
    const item = citizen.page.getByTestId(`my-report-${number}`);
    await item.waitFor();
    expect(await item.getByTestId('my-report-status').textContent()).toBe('已办结');
    expect(await item.getByTestId('my-report-reply').textContent()).toContain(
      '22 点后停止户外经营',
    );
    await citizen.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'cases-my-reports.png'),
      fullPage: true,
    });
    await item.getByRole('link').first().click();
    await citizen.page.getByTestId('report-reply').waitFor();
    expect(citizen.foreign).toEqual([]);
  });
});
