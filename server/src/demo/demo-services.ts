import { systemActor, type Actor } from '../platform/auth/actor.ts';
import type { AccountView, IdentityService } from '../modules/identity/index.ts';
import type { LicencesModule } from '../modules/licences/index.ts';
import type { ServicesModule } from '../modules/services/index.ts';
import { demoBundles, demoServiceItems } from './demo-service-catalogue.ts';

/** The demo district where the demo enterprise and citizens live. */
const HOME_DISTRICT = '310101';

/**
 * 一网通办 demo data: the catalogue (103 items, 16 departments, the four bundles) and the
 * e-licences demo accounts already hold, so that applying shows licences attached instead
 * of uploaded (the enterprise's business licence, citizens' household registers).
 */
export async function seedDemoServices(deps: {
  services: ServicesModule;
  licences: LicencesModule;
  identity: IdentityService;
}) {
  const { services, licences, identity } = deps;
  await services.catalogue.importItems(systemActor, demoServiceItems);
  const bundles = await services.catalogue.importBundles(systemActor, demoBundles);

  const departments = new Map((await identity.listDepartments({})).map((d) => [d.id, d]));
  const department = (code: string) => {
    const d = departments.get(`${HOME_DISTRICT}.${code}`)!;
    return { id: d.id, name: d.name, code: d.code, regionId: d.regionId };
  };
  const account = async (username: string, kind: 'citizen' | 'enterprise') => {
    const page = await identity.list(systemActor, { kind, q: username, limit: 20, offset: 0 });
    return page.items.find((a) => a.username === username) ?? null;
  };

  let issued = 0;
  const enterprise = await account('enterprise', 'enterprise');
  if (enterprise) {
    await licences.service.issue(systemActor, {
      type: 'business_licence',
      holder: {
        id: enterprise.id,
        kind: 'enterprise',
        name: enterprise.displayName,
        identifier: enterprise.creditCode,
      },
      fields: {
        enterpriseName: enterprise.displayName,
        creditCode: enterprise.creditCode,
        legalRepresentative: '林晓梅',
        businessAddress: '上海市黄浦区南京东路 299 号 2 层',
        registeredCapital: 100,
        businessScope: '餐饮服务；食品销售；酒类商品零售',
      },
      department: department('scjg'),
      districtId: HOME_DISTRICT,
      validFrom: new Date('2025-03-18T00:00:00+08:00'),
    });
    issued += 1;
  }
  for (const username of ['citizen.realname', 'citizen.realperson']) {
    const citizen = await account(username, 'citizen');
    if (!citizen) continue;
    const holder = {
      id: citizen.id,
      kind: 'citizen' as const,
      name: citizen.displayName,
      identifier: citizen.idNumber,
    };
    await licences.service.issue(systemActor, {
      type: 'household_register',
      holder,
      fields: { householdAddress: '上海市黄浦区瑞金二路 150 弄 6 号' },
      department: department('ga'),
      districtId: HOME_DISTRICT,
      validFrom: new Date('2018-06-01T00:00:00+08:00'),
    });
    await licences.service.issue(systemActor, {
      type: 'drivers_licence',
      holder,
      fields: { vehicleClass: 'C1' },
      department: department('ga'),
      districtId: HOME_DISTRICT,
      validFrom: new Date('2021-09-01T00:00:00+08:00'),
    });
    issued += 2;
  }
  const applications = await seedDemoApplications(deps);
  return {
    items: demoServiceItems.length,
    bundles: bundles.length,
    licences: issued,
    applications,
  };
}

const PDF = Buffer.from(
  '%PDF-1.4\n% OneCity demo material\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
);

function actorOf(account: AccountView): Actor {
  return {
    id: account.id,
    kind: account.kind,
    username: account.username,
    displayName: account.displayName,
    assuranceLevel: account.assuranceLevel,
    grants: account.grants,
  };
}

/**
 * A few applications at different steps in 黄浦区, so that reviewers' queues and the
 * metrics are not empty on a fresh demo: waiting for acceptance, in review, sent back for
 * 补正, and one delivered. They go through the real workflows.
 */
async function seedDemoApplications(deps: { services: ServicesModule; identity: IdentityService }) {
  const { services, identity } = deps;
  const find = async (kind: 'citizen' | 'enterprise' | 'staff', q: string) => {
    const page = await identity.list(systemActor, { kind, q, limit: 50, offset: 0 });
    return page.items;
  };
  const citizens = (await find('citizen', 'citizen0'))
    .filter((c) => c.assuranceLevel !== 'basic' && c.idNumber && c.phone)
    .slice(0, 4);
  const reviewer = async (department: string) => {
    const [account] = await find('staff', `reviewer.${department}`);
    return actorOf(account!);
  };
  if (citizens.length < 4) return 0;
  const [a, b, c, d] = citizens.map(actorOf) as [Actor, Actor, Actor, Actor];
  const person = (x: Actor) => {
    const account = citizens.find((y) => y.id === x.id)!;
    return {
      applicantName: account.displayName,
      idNumber: account.idNumber!,
      phone: account.phone!,
    };
  };
  const submit = async (
    actor: Actor,
    itemId: string,
    form: Record<string, unknown>,
    materials: Record<string, { uploadId: string }> = {},
  ) =>
    (
      await services.submission.create(
        actor,
        {
          target: { kind: 'item', id: itemId },
          districtId: HOME_DISTRICT,
          form,
          materials,
          submit: true,
        },
        'zh',
      )
    ).application;
  const upload = async (actor: Actor) => (await services.queries.upload(actor, PDF, 'demo.pdf')).id;
  const act = async (
    actor: Actor,
    applicationId: string,
    pick: (t: { kind: string; status: string }) => boolean,
    action: 'accept' | 'start' | 'approve' | 'request_supplement',
    reason?: string,
  ) => {
    const detail = await services.queries.detail(actor, applicationId);
    const task = detail.tasks.find(pick)!;
    await services.review.act(actor, task.id, { action, version: task.version, reason });
  };
  const pendingAcceptance = (t: { kind: string; status: string }) =>
    t.kind === 'acceptance' && t.status === 'pending';
  const openReview = (t: { kind: string; status: string }) =>
    t.kind === 'review' && ['pending', 'in_review'].includes(t.status);

  await submit(a, 'no-criminal-record', { ...person(a), purpose: '应聘上海市某国有企业岗位' });

  const ga = await reviewer(`${HOME_DISTRICT}.ga`);
  const permit = await submit(
    b,
    'residence-permit',
    { ...person(b), address: '上海市黄浦区西藏南路 760 号', employer: '上海某科技有限公司' },
    { residence_proof: { uploadId: await upload(b) } },
  );
  await act(ga, permit.id, pendingAcceptance, 'accept');
  await act(ga, permit.id, openReview, 'start');

  const yb = await reviewer(`${HOME_DISTRICT}.yb`);
  const filing = await submit(c, 'remote-medical-filing', {
    ...person(c),
    destinationCity: '海南省三亚市',
    remoteReason: '异地长期居住',
  });
  await act(yb, filing.id, pendingAcceptance, 'accept');
  await act(yb, filing.id, openReview, 'approve');

  const rs = await reviewer(`${HOME_DISTRICT}.rs`);
  const benefit = await submit(
    d,
    'unemployment-benefit',
    {
      ...person(d),
      lastEmployer: '上海某贸易有限公司',
      separationDate: '2026-02-27',
      bankName: '上海银行',
      bankAccount: '6217850000012345678',
    },
    { separation_certificate: { uploadId: await upload(d) } },
  );
  await act(
    rs,
    benefit.id,
    pendingAcceptance,
    'request_supplement',
    '解除劳动合同证明缺少单位盖章，请重新上传',
  );
  return 4;
}
