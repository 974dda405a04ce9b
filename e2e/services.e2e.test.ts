import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserForFile } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call, token } = platformApi(baseUrl);
const PASSWORD = 'OneCity@2026';
const CITIZEN = 'citizen.realname';
/** 出生一件事: 卫健 (acceptance, birth certificate) → 公安 → 医保 and the city's 人社 in parallel. */
const BUNDLE = 'newborn';

const { browser, keep } = browserForFile();

/** Calls the platform's API the way another client would (not through the page). */

interface ApplicationBody {
  id: string;
  number: string;
  status: string;
  tasks: Array<{
    id: string;
    kind: string;
    itemId: string | null;
    status: string;
    version: number;
  }>;
}

/** A reviewer decides a task of their department through the API. */
async function decide(
  username: string,
  applicationId: string,
  itemId: string | null,
  action: string,
) {
  const reviewer = await token(username);
  const application = await call<ApplicationBody>(
    `/api/v1/services/applications/${applicationId}`,
    {},
    reviewer,
  );
  const task = application.tasks.find(
    (t) =>
      (itemId === null ? t.kind === 'acceptance' : t.itemId === itemId) &&
      ['pending', 'in_review'].includes(t.status),
  );
  if (!task)
    throw new Error(
      `no open task ${itemId ?? 'acceptance'} in ${JSON.stringify(application.tasks)}`,
    );
  await call(
    `/api/v1/services/tasks/${task.id}/decision`,
    { method: 'POST', body: JSON.stringify({ action, version: task.version }) },
    reviewer,
  );
}

async function openAs(username: string) {
  const opened = await openLogin(browser(), baseUrl);
  keep(opened.context);
  await logIn(opened.page, username, PASSWORD);
  return opened;
}

/** Picks an option of an antd Select by its text. */
async function choose(page: Page, testId: string, option: string) {
  // The previous Select's dropdown fades out with its options still in the page: wait until it
  // has gone, or the click below may land on its (vanishing) option of the same name.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown')].every(
      (d) => d.classList.contains('ant-select-dropdown-hidden') || d.offsetParent === null,
    ),
  );
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${option}$`) })
    .filter({ visible: true })
    .first()
    .click();
}

const PDF = Buffer.from('%PDF-1.4\n% delivery record\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('一网通办 in the browser', () => {
  it('a citizen applies for a bundle with one form, a reviewer approves, the citizen sees the licences', async () => {
    // The citizen finds 出生一件事 and opens its one form.
    const citizen = await openAs(CITIZEN);
    const page = citizen.page;
    await page.waitForURL((url) => url.pathname === '/portal');
    await page.getByTestId('entry-services').click();
    await page.getByTestId(`bundle-${BUNDLE}`).waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'services-portal.png'),
      fullPage: true,
    });
    await page.getByTestId(`bundle-${BUNDLE}`).click();
    await page.getByTestId('service-detail').getByText('出生一件事').waitFor();
    await page.getByTestId('apply-button').click();
    await page.getByTestId('apply-form').waitFor();

    // The household register the citizen holds is attached instead of uploaded.
    await page.getByTestId('attached-household_register').waitFor();
    expect(await page.getByTestId('field-applicantName').inputValue()).not.toBe('');

    await choose(page, 'field-districtId', '黄浦区');
    await page.getByTestId('field-babyName').fill('陈小满');
    await choose(page, 'field-babyGender', '女');
    await page.getByTestId('field-babyBirthDate').fill('2026-03-01');
    await page.getByTestId('field-birthPlace').fill('上海市第一妇婴保健院');
    await page.getByTestId('field-motherName').fill('陈静');
    await page.getByTestId('field-motherIdNumber').fill('3101011990');
    await page.getByTestId('field-householdAddress').fill('上海市黄浦区瑞金二路 150 弄 6 号');
    await choose(page, 'field-relationToHead', '女');
    await choose(page, 'field-insuranceType', '城乡居民基本医疗保险');
    await choose(page, 'field-bankName', '上海银行');
    await page.getByTestId('field-address').fill('上海市黄浦区瑞金二路 150 弄 6 号');

    // The server checks the form against its JSON Schema: its errors land on the fields.
    await page.getByTestId('apply-submit').click();
    await page.getByTestId('apply-error').waitFor();
    const motherField = page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId('field-motherIdNumber') });
    await expect
      .poll(() => motherField.locator('.ant-form-item-explain-error').textContent())
      .toBe('格式不正确');
    expect(await page.getByTestId('material-error-birth_record').textContent()).toContain(
      '缺少必需材料',
    );
    expect(await page.getByTestId('material-error-household_register').textContent()).toContain(
      '授权',
    );
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'services-apply-errors.png'),
      fullPage: true,
    });

    // Fixed: a valid ID number, the uploads, consent to use the licence.
    await page.getByTestId('field-motherIdNumber').fill('310101199001011234');
    await page.locator('[data-testid=upload-birth_record] input[type=file]').setInputFiles({
      name: '分娩记录.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId('uploaded-birth_record').waitFor();
    await page.locator('[data-testid=upload-id_photo] input[type=file]').setInputFiles({
      name: '照片.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId('uploaded-id_photo').waitFor();
    await page.getByTestId('consent-household_register').click();
    await page.getByTestId('apply-submit').click();
    await page.waitForURL((url) => /^\/portal\/applications\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByTestId('application-progress').waitFor();
    const applicationId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('application-status').getAttribute('data-status')).toBe(
      'submitted',
    );

    // 卫健 accepts and issues the birth certificate; 公安 registers the baby; 医保 enrols it.
    await decide('reviewer.310101.wj', applicationId, null, 'accept');
    await decide('reviewer.310101.wj', applicationId, 'birth-medical-certificate', 'approve');
    await decide('reviewer.310101.ga', applicationId, 'newborn-household-registration', 'approve');
    await decide('reviewer.310101.yb', applicationId, 'newborn-medical-insurance', 'approve');

    // The city's social security bureau approves the last item in the workbench.
    const reviewer = await openAs('reviewer.310000.rs');
    await reviewer.page.waitForURL((url) => url.pathname === '/workbench');
    await reviewer.page.goto('/workbench/applications');
    const { number } = await call<ApplicationBody>(
      `/api/v1/services/applications/${applicationId}`,
      {},
      await token(CITIZEN),
    );
    await reviewer.page.getByTestId(`queue-${number}`).waitFor();
    await reviewer.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'services-queue.png') });
    await reviewer.page.getByTestId(`queue-${number}`).click();
    await reviewer.page.getByTestId('decision-panel').waitFor();
    await reviewer.page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'services-review.png'),
      fullPage: true,
    });
    await reviewer.page.getByTestId('decision-reason').fill('材料齐全，准予办理');
    await reviewer.page.getByTestId('action-approve').click();
    const status = reviewer.page.getByTestId('review-detail').getByTestId('application-status');
    await expect
      .poll(async () => ((await status.count()) ? status.getAttribute('data-status') : null), {
        timeout: 15_000,
      })
      .toMatch(/^(approved|delivered)$/);
    expect(await reviewer.page.getByTestId('decision-panel').count()).toBe(0);

    // The citizen's application is done and the licences are in 我的证照, with QR codes.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('application-progress').waitFor();
          return page.getByTestId('application-status').getAttribute('data-status');
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('delivered');
    await page.getByTestId('application-timeline').getByText('转部门办理').first().waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'services-progress.png'),
      fullPage: true,
    });
    await page.getByTestId('to-licences').click();
    await page.getByTestId('my-licences').waitFor();
    for (const type of [
      'birth_certificate',
      'social_security_card',
      'medical_insurance_enrolment',
    ]) {
      // Newest first: a run against a platform that ran before finds earlier ones below.
      await page.getByTestId(`licence-${type}`).first().waitFor();
    }
    const card = page.getByTestId('licence-social_security_card').first();
    await card.getByTestId('licence-qr').waitFor();
    expect(await card.getByText('陈小满').count()).toBeGreaterThan(0);
    await card.getByTestId('licence-verify').click();
    await expect
      .poll(() => card.getByTestId('licence-verification').textContent())
      .toBe('核验通过');
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'services-licences.png'),
      fullPage: true,
    });

    for (const opened of [citizen, reviewer]) {
      expect(opened.foreign, 'requests to hosts other than the platform').toEqual([]);
      // The rejected first submission shows in the console as a failed 422 request: expected.
      const unexpected = opened.errors.filter((e) => !/status of 422/.test(e));
      expect(unexpected, 'errors in the page').toEqual([]);
    }
  });
});
