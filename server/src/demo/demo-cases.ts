import { systemActor, type Actor } from '../platform/auth/actor.ts';
import type { CaseAction, CaseSource, CasesModule } from '../modules/cases/index.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import type { RegionsService } from '../modules/regions/index.ts';

/** A 1×1 PNG: a real image for the demo's on-site photos. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const loop: CaseAction[] = [
  'register',
  'dispatch',
  'accept',
  'report_back',
  'request_verification',
  'verify',
  'close',
];

interface Scenario {
  classId: string;
  district: string;
  /** Which street of the district (by order, skipping the one the tests use). */
  street: number;
  source: CaseSource;
  description: string;
  address: string;
  /** How many steps of the loop it has gone through (0: just collected, 7: closed). */
  steps: number;
}

const scenarios: Scenario[] = [
  {
    classId: 'E0501',
    district: '310101',
    street: 2,
    source: 'grid_worker',
    description: '电瓶车堵住楼道消防通道',
    address: '小区 12 号楼门口',
    steps: 0,
  },
  {
    classId: 'E0101',
    district: '310101',
    street: 2,
    source: 'citizen',
    description: '路边有一堆生活垃圾无人清理',
    address: '弄堂口垃圾房旁',
    steps: 0,
  },
  {
    classId: 'E0505',
    district: '310101',
    street: 3,
    source: 'hotline_12345',
    description: '夜间 KTV 噪音扰民，持续到凌晨',
    address: '商业街 3 楼',
    steps: 0,
  },
  {
    classId: 'C0101',
    district: '310101',
    street: 2,
    source: 'grid_worker',
    description: '人行道井盖破损，有踩空风险',
    address: '人行道东侧',
    steps: 1,
  },
  {
    classId: 'E0201',
    district: '310101',
    street: 3,
    source: 'grid_worker',
    description: '电线杆上贴满非法小广告',
    address: '公交站旁',
    steps: 1,
  },
  {
    classId: 'E0302',
    district: '310101',
    street: 3,
    source: 'hotline_12345',
    description: '工地裸土未覆盖，扬尘严重',
    address: '在建工地北门',
    steps: 2,
  },
  {
    classId: 'C0105',
    district: '310101',
    street: 2,
    source: 'citizen',
    description: '整条街路灯不亮',
    address: '沿街一段约 200 米',
    steps: 2,
  },
  {
    classId: 'E0301',
    district: '310101',
    street: 3,
    source: 'grid_worker',
    description: '施工围挡占用非机动车道',
    address: '路口西南角',
    steps: 3,
  },
  {
    classId: 'E0104',
    district: '310101',
    street: 2,
    source: 'grid_worker',
    description: '店铺门前乱堆物堆料',
    address: '沿街商铺',
    steps: 3,
  },
  {
    classId: 'C0202',
    district: '310101',
    street: 3,
    source: 'grid_worker',
    description: '路面坑洼积水',
    address: '支路中段',
    steps: 4,
  },
  {
    classId: 'E0503',
    district: '310101',
    street: 2,
    source: 'grid_worker',
    description: '水果摊占道经营',
    address: '菜场门口',
    steps: 5,
  },
  {
    classId: 'C0303',
    district: '310101',
    street: 3,
    source: 'hotline_12345',
    description: '屋顶广告牌松动倾斜',
    address: '商厦楼顶',
    steps: 7,
  },
  {
    classId: 'E0401',
    district: '310101',
    street: 2,
    source: 'grid_worker',
    description: '暴雨后下立交积水',
    address: '下立交',
    steps: 7,
  },
  {
    classId: 'E0506',
    district: '310115',
    street: 0,
    source: 'hotline_12345',
    description: '一套房隔成多间群租',
    address: '小区 5 号楼 301',
    steps: 2,
  },
  {
    classId: 'E0508',
    district: '310115',
    street: 0,
    source: 'grid_worker',
    description: '地铁站口共享单车堆积',
    address: '地铁站 2 号口',
    steps: 3,
  },
  {
    classId: 'C0304',
    district: '310115',
    street: 1,
    source: 'grid_worker',
    description: '写字楼玻璃幕墙一块玻璃破裂',
    address: '写字楼南立面',
    steps: 7,
  },
];

/**
 * A few cases at every stage of the loop in 黄浦区 and 浦东新区, moved by the demo staff
 * through the real workflow (timeline, events and deadlines included), so the queues and
 * boards have something to show on a fresh install.
 */
export async function seedDemoCases(deps: {
  cases: CasesModule;
  identity: IdentityService;
  regions: RegionsService;
}): Promise<{ cases: number }> {
  const { cases, regions } = deps;
  const actors = new Map<string, Actor>();
  const actor = async (username: string): Promise<Actor> => {
    const known = actors.get(username);
    if (known) return known;
    const { items } = await deps.identity.list(systemActor, { q: username, limit: 20, offset: 0 });
    const account = items.find((a) => a.username === username);
    if (!account) throw new Error(`demo account ${username} is missing`);
    const found: Actor = {
      id: account.id,
      kind: account.kind,
      username: account.username,
      displayName: account.displayName,
      assuranceLevel: account.assuranceLevel,
      grants: account.grants,
    };
    actors.set(username, found);
    return found;
  };
  const photo = async (by: Actor) => (await cases.photos.upload(by, PIXEL)).id;

  let made = 0;
  for (const [index, s] of scenarios.entries()) {
    const streets = regions.children(s.district).filter((street) => street.id !== '310101002');
    const street = streets[s.street % streets.length];
    const grids = street ? regions.children(street.id) : [];
    const grid = grids[index % Math.max(grids.length, 1)];
    if (!street || !grid) continue;
    const [lng, lat] = regions.get(grid.id).centroid;
    const reporter = await actor(
      s.source === 'citizen'
        ? 'citizen'
        : s.source === 'grid_worker'
          ? `gridworker.${street.id}`
          : `acceptor.${s.district}`,
    );
    const opened = await cases.intake.intake(reporter, {
      source: s.source,
      classId: s.classId,
      description: s.description,
      address: s.address,
      lng,
      lat,
      ...(s.source === 'hotline_12345'
        ? { reporterName: '王女士', reporterPhone: '13800138000' }
        : {}),
    });
    let current = opened.case;
    for (const action of loop.slice(0, s.steps)) {
      const handler = current.assigneeDepartmentId
        ? `handler.${current.assigneeDepartmentId}`
        : `gridworker.${street.id}`;
      const who = await actor(
        action === 'register' || action === 'request_verification' || action === 'close'
          ? `acceptor.${s.district}`
          : action === 'dispatch'
            ? `dispatcher.${s.district}`
            : action === 'verify'
              ? `gridworker.${street.id}`
              : handler,
      );
      const needsPhoto = action === 'report_back' || action === 'verify';
      current = await cases.transitions.run(who, current.id, {
        action,
        expectedVersion: current.version,
        note: notes[action] ?? null,
        ...(needsPhoto ? { photoIds: [await photo(who)] } : {}),
      });
    }
    made += 1;
  }
  return { cases: made };
}

const notes: Partial<Record<CaseAction, string>> = {
  register: '经核实属实，予以立案',
  dispatch: '请按时限处置',
  accept: '已签收，安排人员前往',
  report_back: '已到场处置完毕',
  request_verification: '请网格员现场核查',
  verify: '现场核查已整改到位',
  close: '结案',
};
