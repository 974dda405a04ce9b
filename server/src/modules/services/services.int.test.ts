import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { waitFor } from '../../../test/support/test-platform.ts';
import {
  apply,
  applied,
  decide,
  decided,
  detail,
  restaurantForm,
  taskFor,
  upload,
  type ApplicationBody,
} from './services.test-support.ts';

let t: TestApp;
let enterprise: string;
let citizen: string;

beforeAll(async () => {
  t = await startTestApp();
  enterprise = await t.login('enterprise');
  citizen = await t.login('citizen.realname');
});
afterAll(() => t.close());

async function applicationCount(): Promise<number> {
  const [row] = await t.app.platform.db.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM svc_applications`,
  );
  return row!.n;
}

async function businessLicenceId(): Promise<string> {
  const prefill = await t.request({
    method: 'GET',
    url: '/api/v1/services/prefill?kind=bundle&id=open-restaurant',
    token: enterprise,
  });
  expect(prefill.statusCode).toBe(200);
  const body = prefill.json<{
    form: Record<string, string>;
    materials: Array<{ key: string; licences: Array<{ id: string; type: string }> }>;
  }>();
  expect(body.form).toMatchObject({
    enterpriseName: '上海一城示范餐饮有限公司',
    creditCode: '91310101MA1FPX1234',
  });
  const held = body.materials.find((m) => m.key === 'business_licence')?.licences[0];
  expect(held?.type).toBe('business_licence');
  return held!.id;
}

async function restaurantApplication(form = restaurantForm()) {
  return {
    target: { kind: 'bundle', id: 'open-restaurant' },
    districtId: '310101',
    form,
    materials: {
      business_licence: { licenceId: await businessLicenceId(), consent: true },
      floor_plan: { uploadId: await upload(t, enterprise) },
      food_safety_rules: { uploadId: await upload(t, enterprise) },
      equipment_layout: { uploadId: await upload(t, enterprise) },
      fire_safety_commitment: { uploadId: await upload(t, enterprise) },
      fire_safety_rules: { uploadId: await upload(t, enterprise) },
    },
    submit: true,
  };
}

describe('the service catalogue', () => {
  it('holds over a hundred items of at least fifteen departments, browsable by life event and topic', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/services/items?limit=500' });
    expect(response.statusCode, response.body).toBe(200);
    const all = response.json<{
      total: number;
      items: Array<{ departmentCode: string; departmentName: string }>;
    }>();
    expect(all.total).toBeGreaterThanOrEqual(100);
    expect(new Set(all.items.map((i) => i.departmentCode)).size).toBeGreaterThanOrEqual(15);
    expect(all.items.find((i) => i.departmentCode === 'scjg')?.departmentName).toBe(
      '市场监督管理局',
    );

    const newborn = (
      await t.request({ method: 'GET', url: '/api/v1/services/items?lifeEvent=newborn' })
    ).json<{ items: Array<{ id: string }> }>();
    expect(newborn.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'birth-medical-certificate',
        'newborn-household-registration',
        'social-security-card',
      ]),
    );
    const taxonomy = (await t.request({ method: 'GET', url: '/api/v1/services/taxonomy' })).json<{
      lifeEvents: Array<{ id: string; items: number }>;
      topics: Array<{ id: string; items: number }>;
    }>();
    expect(
      taxonomy.lifeEvents.find((e) => e.id === 'open_restaurant')?.items,
    ).toBeGreaterThanOrEqual(5);
    expect(taxonomy.topics.find((e) => e.id === 'utilities')?.items).toBe(4);
  });

  it('searches in Chinese with trigrams: containing ranks first, typos and keywords still find', async () => {
    const search = async (q: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/services/items?q=${encodeURIComponent(q)}` }))
        .json<{ items: Array<{ id: string }> }>()
        .items.map((i) => i.id);
    expect((await search('食品经营'))[0]).toBe('food-business-licence');
    expect(await search('食品经营许可正')).toContain('food-business-licence'); // a typo
    expect(await search('报户口')).toContain('newborn-household-registration'); // a keyword
    expect(await search('社保卡')).toContain('social-security-card');
    expect(await search('liquor')).toContain('liquor-retail-licence');
    expect(await search('完全无关的词语组合')).toEqual([]);
    const bundles = (
      await t.request({
        method: 'GET',
        url: `/api/v1/services/bundles?q=${encodeURIComponent('开饭店')}`,
      })
    ).json<{ items: Array<{ id: string }> }>();
    expect(bundles.items.map((b) => b.id)).toEqual(['open-restaurant']);
  });

  it('serves the four bundles with their merged form and deduplicated materials', async () => {
    const list = (await t.request({ method: 'GET', url: '/api/v1/services/bundles' })).json<{
      items: Array<{ id: string }>;
    }>();
    expect(list.items.map((b) => b.id).sort()).toEqual([
      'home-sale',
      'newborn',
      'open-restaurant',
      'start-company',
    ]);
    const bundle = (
      await t.request({ method: 'GET', url: '/api/v1/services/bundles/open-restaurant' })
    ).json<{
      promisedDays: number;
      statutoryDays: number;
      form: { properties: Record<string, unknown>; required: string[] };
      fieldMap: Record<string, Array<{ itemId: string }>>;
      materials: Array<{ key: string; itemIds: string[] }>;
      items: Array<{ id: string }>;
    }>();
    expect(bundle.items.map((i) => i.id)).toEqual([
      'food-business-licence',
      'fire-safety-inspection',
      'liquor-retail-licence',
    ]);
    expect(bundle.promisedDays).toBe(9);
    expect(Object.keys(bundle.form.properties)[0]).toBe('enterpriseName');
    expect(bundle.fieldMap.enterpriseName).toHaveLength(3);
    expect(bundle.materials.find((m) => m.key === 'floor_plan')?.itemIds).toEqual([
      'food-business-licence',
      'fire-safety-inspection',
    ]);
    expect(bundle.materials.map((m) => m.key)).not.toContain('food_business');
  });
});

describe('the demo', () => {
  it('seeds applications at several steps, so department queues are not empty', async () => {
    const ga = await t.login('reviewer.310101.ga');
    const queue = (
      await t.request({ method: 'GET', url: '/api/v1/services/queue', token: ga })
    ).json<{
      departmentName: string;
      items: Array<{ task: { kind: string; status: string }; application: { targetId: string } }>;
    }>();
    expect(queue.departmentName).toBe('黄浦区公安分局');
    expect(queue.items.map((e) => [e.application.targetId, e.task.kind, e.task.status])).toEqual(
      expect.arrayContaining([
        ['no-criminal-record', 'acceptance', 'pending'],
        ['residence-permit', 'review', 'in_review'],
      ]),
    );
  });
});

describe('applying: bad input is answered field by field and changes nothing', () => {
  it('a form that fails its schema gets 422 with errors pointing at each field (and missing materials)', async () => {
    const before = await applicationCount();
    const response = await apply(t, enterprise, {
      target: { kind: 'bundle', id: 'open-restaurant' },
      districtId: '310101',
      form: restaurantForm({
        creditCode: 'not-a-code',
        seats: -3,
        businessType: '夜总会',
        phone: undefined,
        nickname: 'x',
      }),
      materials: {},
      submit: true,
    });
    const problem = expectProblem(response, 422, 'application_invalid');
    const paths = problem.errors!.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/form/creditCode',
        '/form/seats',
        '/form/businessType',
        '/form/phone',
        '/form/nickname',
        '/materials/business_licence',
        '/materials/floor_plan',
      ]),
    );
    expect(problem.errors!.find((e) => e.path === '/form/phone')?.message).toBe('必填');
    expect(await applicationCount()).toBe(before);
  });

  it('a missing required material is named, in English when asked', async () => {
    const body = await restaurantApplication();
    const { floor_plan: _missing, ...materials } = body.materials;
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/services/applications',
      token: enterprise,
      headers: { 'accept-language': 'en' },
      payload: { ...body, materials },
    });
    const problem = expectProblem(response, 422, 'application_invalid');
    expect(problem.errors).toEqual([
      {
        path: '/materials/floor_plan',
        message: 'required material missing: Floor plan of the premises',
      },
    ]);
  });

  it('a licence that is not yours, or attached without consent, is refused', async () => {
    const body = await restaurantApplication();
    const noConsent = await apply(t, enterprise, {
      ...body,
      materials: {
        ...body.materials,
        business_licence: { licenceId: body.materials.business_licence.licenceId },
      },
    });
    expect(expectProblem(noConsent, 422, 'application_invalid').errors).toEqual([
      { path: '/materials/business_licence/consent', message: '使用电子证照需要您的授权' },
    ]);
    // The citizen tries to use the enterprise's licence (and its uploads).
    const stolen = await apply(t, await t.login('citizen.realperson'), {
      target: { kind: 'item', id: 'business-startup-subsidy' },
      districtId: '310101',
      form: {
        applicantName: '张三',
        idNumber: '310101199001011234',
        phone: '13800001111',
        enterpriseName: '一城',
        bankAccount: '6222021234567890',
      },
      materials: { business_licence: body.materials.business_licence },
      submit: true,
    });
    expect(expectProblem(stolen, 422, 'application_invalid').errors?.map((e) => e.path)).toContain(
      '/materials/business_licence/licenceId',
    );
  });

  it('who may apply: staff and basic accounts may not submit; items are for their audience', async () => {
    const body = await restaurantApplication();
    expectProblem(await apply(t, await t.login('admin'), body), 403, 'forbidden');
    expectProblem(
      await apply(t, await t.login('citizen'), {
        target: { kind: 'item', id: 'no-criminal-record' },
        districtId: '310101',
        form: {
          applicantName: '王伟',
          idNumber: '310101199001011234',
          phone: '13800001111',
          purpose: '入职',
        },
        materials: {},
        submit: true,
      }),
      403,
      'assurance_too_low',
    );
    expectProblem(
      await apply(t, enterprise, {
        target: { kind: 'item', id: 'no-criminal-record' },
        form: {},
        materials: {},
        submit: false,
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await apply(t, enterprise, {
        target: { kind: 'item', id: 'no-such-item' },
        form: {},
        materials: {},
        submit: false,
      }),
      404,
      'not_found',
    );
  });

  it('a double submission (same idempotency key twice at once) makes one application', async () => {
    const body = await restaurantApplication(
      restaurantForm({ enterpriseName: '一城双击测试餐厅' }),
    );
    const before = await applicationCount();
    const key = 'double-click-4c2f7a';
    const [first, second] = await Promise.all([
      apply(t, enterprise, body, key),
      apply(t, enterprise, body, key),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    expect(first.json<ApplicationBody>().id).toBe(second.json<ApplicationBody>().id);
    expect(await applicationCount()).toBe(before + 1);
    // Again later: still the same one; the same key with other content is refused.
    const again = await apply(t, enterprise, body, key);
    expect(again.statusCode).toBe(200);
    expect(again.json<ApplicationBody>().id).toBe(first.json<ApplicationBody>().id);
    const changed = await apply(
      t,
      enterprise,
      { ...body, form: restaurantForm({ seats: 10 }) },
      key,
    );
    expectProblem(changed, 422, 'idempotency_key_reused');
    expect(await applicationCount()).toBe(before + 1);
  });
});

describe('one form, several departments, one outcome: opening a restaurant', () => {
  let application: ApplicationBody;
  let scjg: string;
  let xf: string;

  beforeAll(async () => {
    scjg = await t.login('reviewer.310101.scjg');
    xf = await t.login('reviewer.310101.xf');
    application = await applied(
      t,
      enterprise,
      await restaurantApplication(restaurantForm({ enterpriseName: '一城小馆' })),
    );
  });

  it('is submitted with the business licence attached by consent, and waits in the lead department’s queue', async () => {
    expect(application).toMatchObject({
      status: 'submitted',
      leadDepartmentId: '310101.scjg',
      viewerRole: 'applicant',
    });
    expect(application.number).toMatch(/^SQ\d{8}\d{6}$/);
    const licence = application.materials.find((m) => m.key === 'business_licence');
    expect(licence).toMatchObject({ source: 'licence', upload: null });
    expect(licence?.consentedAt).not.toBeNull();
    const queue = (
      await t.request({ method: 'GET', url: '/api/v1/services/queue', token: scjg })
    ).json<{
      departmentId: string;
      items: Array<{ task: { applicationId: string; kind: string; deadlineAt: string } }>;
    }>();
    expect(queue.departmentId).toBe('310101.scjg');
    const entry = queue.items.find((e) => e.task.applicationId === application.id);
    expect(entry?.task.kind).toBe('acceptance');
    expect(entry?.task.deadlineAt).not.toBeNull();
  });

  it('a reviewer of another department acting on the task gets 403 and changes nothing', async () => {
    const acceptance = taskFor(application, null);
    expectProblem(await decide(t, xf, acceptance, 'accept'), 403, 'forbidden');
    expectProblem(
      await decide(t, await t.login('reviewer.310104.scjg'), acceptance, 'accept'),
      403,
      'forbidden',
    );
    expectProblem(await decide(t, enterprise, acceptance, 'accept'), 403, 'forbidden');
    expect((await detail(t, enterprise, application.id)).status).toBe('submitted');
    // …and cannot read it either, while the lead department can.
    expectProblem(
      await t.request({
        method: 'GET',
        url: `/api/v1/services/applications/${application.id}`,
        token: xf,
      }),
      404,
      'not_found',
    );
    expect((await detail(t, scjg, application.id)).viewerRole).toBe('reviewer');
  });

  it('acceptance opens the parallel items; the ordered one waits', async () => {
    application = await decided(t, scjg, taskFor(application, null), 'accept');
    expect(application.status).toBe('accepted');
    expect(application.promisedBy).not.toBeNull();
    expect(taskFor(application, 'food-business-licence').status).toBe('pending');
    expect(taskFor(application, 'fire-safety-inspection')).toMatchObject({
      status: 'pending',
      departmentId: '310101.xf',
    });
    expect(taskFor(application, 'liquor-retail-licence').status).toBe('waiting');
    // Each department's task carries its own projection of the one form.
    expect(taskFor(application, 'fire-safety-inspection').form).toEqual({
      enterpriseName: '一城小馆',
      creditCode: '91310101MA1FPX1234',
      phone: '13900001234',
      businessAddress: '上海市黄浦区南京东路 299 号 2 层',
      floorArea: 180,
      seats: 64,
      openingDate: '2026-05-01',
    });
  });

  it('two reviewers deciding at once: one wins, the other gets 409', async () => {
    const admin = await t.login('admin');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      payload: {
        username: 'reviewer2.310101.scjg',
        password: 'OneCity@2026',
        displayName: '黄浦区市场监督管理局审核员乙',
        departmentId: '310101.scjg',
        grants: [{ role: 'reviewer', regionId: '310101' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const second = await t.login('reviewer2.310101.scjg');
    const food = taskFor(application, 'food-business-licence');
    const [a, b] = await Promise.all([
      decide(t, scjg, food, 'approve', '现场核查符合要求'),
      decide(t, second, food, 'approve', '材料齐全'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expectProblem(a.statusCode === 409 ? a : b, 409, 'version_conflict');
    application = await detail(t, scjg, application.id);
    const food2 = taskFor(application, 'food-business-licence');
    expect(food2.status).toBe('approved');
    // Exactly one decision was recorded.
    expect(application.timeline.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it('approving the last item approves the application; its licences are issued by event and delivered', async () => {
    expect(taskFor(application, 'liquor-retail-licence').status).toBe('pending');
    expect(application.status).toBe('in_review');
    application = await decided(t, xf, taskFor(application, 'fire-safety-inspection'), 'approve');
    application = await decided(
      t,
      scjg,
      taskFor(application, 'liquor-retail-licence'),
      'approve',
      '符合条件',
    );
    expect(application.status).toBe('approved');
    const delivered = await waitFor(
      async () => {
        const a = await detail(t, enterprise, application.id);
        return a.status === 'delivered' ? a : undefined;
      },
      { what: 'the application delivered' },
    );
    expect(delivered.tasks.filter((x) => x.kind === 'review').every((x) => x.licenceNumber)).toBe(
      true,
    );
    const mine = (
      await t.request({ method: 'GET', url: '/api/v1/licences/mine', token: enterprise })
    ).json<{
      items: Array<{
        type: string;
        number: string;
        qrPayload: string;
        applicationId: string | null;
        fields: Array<{ key: string; value: unknown }>;
      }>;
    }>();
    const issued = mine.items.filter((l) => l.applicationId === application.id);
    expect(issued.map((l) => l.type).sort()).toEqual([
      'fire_safety_inspection',
      'food_business',
      'liquor_retail',
    ]);
    const food = issued.find((l) => l.type === 'food_business')!;
    expect(food.number).toMatch(/^JY310101\d{7}$/);
    expect(food.fields).toContainEqual({
      key: 'businessAddress',
      name: '经营场所',
      nameEn: 'Business premises',
      value: '上海市黄浦区南京东路 299 号 2 层',
    });
    const verified = await t.request({
      method: 'POST',
      url: '/api/v1/licences/verify',
      payload: { token: food.qrPayload },
    });
    expect(verified.json()).toMatchObject({
      valid: true,
      reason: null,
      licence: { holderName: '上海一城示范餐饮有限公司', departmentName: '黄浦区市场监督管理局' },
    });

    // The applicant followed every step, and was told of each.
    expect(delivered.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'created',
        'submitted',
        'accept',
        'application_accepted',
        'task_opened',
        'approve',
        'application_approved',
        'application_delivered',
      ]),
    );
    const notes = await waitFor(async () => {
      const page = (
        await t.request({
          method: 'GET',
          url: '/api/v1/services/notifications?limit=100',
          token: enterprise,
        })
      ).json<{ items: Array<{ applicationId: string; title: string; sms: boolean }> }>();
      const own = page.items.filter((n) => n.applicationId === application.id);
      return own.length >= 4 ? own : undefined;
    });
    expect(notes.map((n) => n.title)).toEqual(
      expect.arrayContaining(['申请已提交', '申请已受理', '审批通过', '办理结果已送达']),
    );
    expect(notes.every((n) => n.sms)).toBe(true);
    expect(
      t.app.services.sms instanceof Object &&
        (t.app.services.sms as { sent?: Array<{ text: string }> }).sent?.some((m) =>
          m.text.includes(application.number),
        ),
    ).toBe(true);
  });

  it('the two networks feed each other: the new food licence puts the shop on the inspection list', async () => {
    const handler = await t.login('handler.310101.scjg');
    const target = await waitFor(async () => {
      const page = (
        await t.request({ method: 'GET', url: '/api/v1/inspections', token: handler })
      ).json<{
        items: Array<{
          name: string;
          address: string;
          licenceType: string;
          departmentId: string;
          status: string;
        }>;
      }>();
      return page.items.find((i) => i.name === '一城小馆');
    });
    expect(target).toMatchObject({
      address: '上海市黄浦区南京东路 299 号 2 层',
      licenceType: 'food_business',
      departmentId: '310101.scjg',
      status: 'scheduled',
    });
    // Only the food licence: the liquor and fire licences of the same shop add nothing.
    const all = await t.app.inspections.list({ status: 'scheduled' });
    expect(all.items.filter((i) => i.name === '一城小馆')).toHaveLength(1);
    // Another district's market supervision does not see it.
    const other = (
      await t.request({
        method: 'GET',
        url: '/api/v1/inspections',
        token: await t.login('handler.310104.scjg'),
      })
    ).json<{ items: Array<{ name: string }> }>();
    expect(other.items.map((i) => i.name)).not.toContain('一城小馆');
  });

  it('the business licence records where it was used, with consent', async () => {
    const id = await businessLicenceId();
    const licence = await waitFor(async () => {
      const body = (
        await t.request({ method: 'GET', url: `/api/v1/licences/${id}`, token: enterprise })
      ).json<{ uses: Array<{ applicationId: string; materialKey: string }> }>();
      return body.uses.some((u) => u.applicationId === application.id) ? body : undefined;
    });
    expect(licence.uses.find((u) => u.applicationId === application.id)?.materialKey).toBe(
      'business_licence',
    );
  });

  it('counts in the metrics: shares of the catalogue, handling days, applications per department', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/services/metrics?period=day',
      token: await t.login('admin'),
    });
    expect(response.statusCode).toBe(200);
    const m = response.json<{
      catalogue: {
        items: number;
        fullOnlineShare: number;
        atMostOneVisitShare: number;
        promisedReduction: number;
      };
      handling: {
        decided: number;
        avgHandlingDays: number;
        avgStatutoryDays: number;
        byDepartment: Array<{ departmentId: string }>;
      };
      applications: { total: number; series: Array<{ departmentId: string; count: number }> };
    }>();
    expect(m.catalogue.items).toBeGreaterThanOrEqual(100);
    expect(m.catalogue.fullOnlineShare).toBeGreaterThan(0.4);
    expect(m.catalogue.atMostOneVisitShare).toBeGreaterThan(m.catalogue.fullOnlineShare);
    expect(m.catalogue.promisedReduction).toBeGreaterThan(0.5);
    expect(m.handling.decided).toBeGreaterThanOrEqual(1);
    expect(m.handling.avgHandlingDays).toBeLessThan(m.handling.avgStatutoryDays);
    expect(m.handling.byDepartment.map((d) => d.departmentId)).toEqual(
      expect.arrayContaining(['310101.scjg', '310101.xf']),
    );
    expect(
      m.applications.series.find((s) => s.departmentId === '310101.scjg')?.count,
    ).toBeGreaterThanOrEqual(2);
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/services/metrics', token: enterprise }),
      403,
      'forbidden',
    );
    const publicFigures = await t.request({
      method: 'GET',
      url: '/api/v1/services/metrics/catalogue',
    });
    expect(publicFigures.json<{ items: number }>().items).toBe(m.catalogue.items);
  });
});

describe('补正, rejection and refusal', () => {
  const body = (purpose: string) => ({
    target: { kind: 'item', id: 'no-criminal-record' },
    districtId: '310101',
    form: { applicantName: '陈静', idNumber: '310101199001011234', phone: '13800002222', purpose },
    materials: {},
    submit: true,
  });

  it('asks for 补正 with a reason; the applicant fixes the form and resubmits; then it is rejected', async () => {
    const ga = await t.login('reviewer.310101.ga');
    let app = await applied(t, citizen, body('出国'));
    expectProblem(
      await decide(t, ga, taskFor(app, null), 'request_supplement'),
      422,
      'reason_required',
    );
    app = await decided(
      t,
      ga,
      taskFor(app, null),
      'request_supplement',
      '请写明用途（单位名称、国家）',
    );
    expect(app.status).toBe('supplement_requested');
    let mine = await detail(t, citizen, app.id);
    expect(mine.supplement?.reason).toBe('请写明用途（单位名称、国家）');

    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/services/applications/${app.id}`,
      token: citizen,
      payload: { version: mine.version, form: { ...mine.form, purpose: '赴新加坡某公司入职' } },
    });
    expect(patched.statusCode).toBe(200);
    mine = patched.json<ApplicationBody>();
    const stale = await t.request({
      method: 'POST',
      url: `/api/v1/services/applications/${app.id}/submit`,
      token: citizen,
      payload: { version: mine.version - 1 },
    });
    expectProblem(stale, 409, 'version_conflict');
    const resubmitted = await t.request({
      method: 'POST',
      url: `/api/v1/services/applications/${app.id}/submit`,
      token: citizen,
      payload: { version: mine.version },
    });
    expect(resubmitted.statusCode).toBe(200);
    app = resubmitted.json<ApplicationBody>();
    expect(app.status).toBe('submitted');
    expect(
      app.tasks
        .filter((x) => x.kind === 'acceptance')
        .map((x) => x.status)
        .sort(),
    ).toEqual(['pending', 'supplement_requested']);
    app = await decided(t, ga, taskFor(app, null, 'pending'), 'reject', '不属于本机关受理范围');
    expect(app).toMatchObject({ status: 'rejected', outcomeReason: '不属于本机关受理范围' });
    expectProblem(
      await decide(t, ga, taskFor(app, null, 'rejected'), 'accept'),
      409,
      'invalid_transition',
    );
  });

  it('a refusal by one department refuses the whole application and stops the others', async () => {
    const wj = await t.login('reviewer.310101.wj');
    const form = {
      applicantName: '陈静',
      idNumber: '310101199001011234',
      phone: '13800002222',
      babyName: '陈小满',
      babyGender: '女',
      babyBirthDate: '2026-03-01',
      birthPlace: '上海市第一妇婴保健院',
      motherName: '陈静',
      motherIdNumber: '310101199001011234',
      householdAddress: '上海市黄浦区瑞金二路 150 弄 6 号',
      relationToHead: '女',
      insuranceType: '城乡居民基本医疗保险',
      bankName: '上海银行',
      address: '上海市黄浦区瑞金二路 150 弄 6 号',
    };
    const prefill = (
      await t.request({
        method: 'GET',
        url: '/api/v1/services/prefill?kind=bundle&id=newborn',
        token: citizen,
      })
    ).json<{ materials: Array<{ key: string; licences: Array<{ id: string }> }> }>();
    const household = prefill.materials.find((m) => m.key === 'household_register')!.licences[0]!
      .id;
    let app = await applied(t, citizen, {
      target: { kind: 'bundle', id: 'newborn' },
      districtId: '310101',
      form,
      materials: {
        birth_record: { uploadId: await upload(t, citizen) },
        household_register: { licenceId: household, consent: true },
        id_photo: { uploadId: await upload(t, citizen) },
      },
      submit: true,
    });
    app = await decided(t, wj, taskFor(app, null), 'accept');
    expect(app.tasks.filter((x) => x.kind === 'review').map((x) => [x.itemId, x.status])).toEqual([
      ['birth-medical-certificate', 'pending'],
      ['newborn-household-registration', 'waiting'],
      ['newborn-medical-insurance', 'waiting'],
      ['social-security-card', 'waiting'],
    ]);
    // The social security card goes to the city's bureau, under its own field names.
    expect(taskFor(app, 'social-security-card')).toMatchObject({ departmentId: '310000.rs' });
    expect(taskFor(app, 'social-security-card').form).toMatchObject({
      cardholderName: '陈小满',
      bankName: '上海银行',
    });
    app = await decided(
      t,
      wj,
      taskFor(app, 'birth-medical-certificate'),
      'refuse',
      '分娩记录与医院信息不一致',
    );
    expect(app).toMatchObject({ status: 'refused', outcomeReason: '分娩记录与医院信息不一致' });
    expect(app.tasks.filter((x) => x.kind === 'review' && x.status === 'cancelled')).toHaveLength(
      3,
    );
    const timers = await t.app.platform.db.rows<{ status: string }>(
      sql`SELECT status FROM platform_timers WHERE key = ${taskFor(app, 'birth-medical-certificate').id}`,
    );
    expect(timers.every((x) => x.status === 'cancelled')).toBe(true);
  });
});
