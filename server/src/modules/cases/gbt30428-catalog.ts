import type { CasePriority } from './case-workflow.ts';

/** Working hours allowed per stage: to dispatch after 立案, to handle after 派遣, to verify after 反馈. */
export interface StageHours {
  dispatch: number;
  handle: number;
  verify: number;
}
export type ClassDeadlines = Record<CasePriority, StageHours>;

export type ClassKind = 'component' | 'event';

export interface CaseClassSeed {
  /** `C` (部件) or `E` (事件) + big class + small class, e.g. `E0501`. */
  id: string;
  kind: ClassKind;
  bigCode: string;
  bigName: string;
  smallCode: string;
  smallName: string;
  /** The kind of department responsible (an identity department code: cg, sw, jt …). */
  departmentCode: string;
  /** Small things the grid worker fixes without dispatching to a department (小事不出网格). */
  keepInGrid: boolean;
  defaultPriority: CasePriority;
  deadlines: ClassDeadlines;
}

/** Deadline profiles in working hours; a class picks the one that fits how it is handled. */
const profiles: Record<'quick' | 'standard' | 'emergency' | 'long', ClassDeadlines> = {
  quick: {
    urgent: { dispatch: 0.5, handle: 1, verify: 1 },
    important: { dispatch: 1, handle: 4, verify: 2 },
    normal: { dispatch: 1, handle: 8, verify: 4 },
  },
  standard: {
    urgent: { dispatch: 0.5, handle: 4, verify: 2 },
    important: { dispatch: 1, handle: 16, verify: 4 },
    normal: { dispatch: 2, handle: 40, verify: 8 },
  },
  emergency: {
    urgent: { dispatch: 0.25, handle: 2, verify: 1 },
    important: { dispatch: 0.5, handle: 4, verify: 2 },
    normal: { dispatch: 1, handle: 8, verify: 4 },
  },
  long: {
    urgent: { dispatch: 1, handle: 16, verify: 8 },
    important: { dispatch: 2, handle: 40, verify: 8 },
    normal: { dispatch: 4, handle: 120, verify: 16 },
  },
};

export const bigClasses: Record<ClassKind, Record<string, string>> = {
  component: {
    '01': '公用设施',
    '02': '道路交通',
    '03': '市容环境',
    '04': '园林绿化',
    '05': '房屋土地',
    '06': '其他设施',
  },
  event: {
    '01': '市容环境',
    '02': '宣传广告',
    '03': '施工管理',
    '04': '突发事件',
    '05': '街面秩序',
    '06': '其他',
  },
};

type Row = [
  id: string,
  smallName: string,
  departmentCode: string,
  profile: keyof typeof profiles,
  priority: CasePriority,
  keepInGrid?: boolean,
];

// prettier-ignore
const rows: Row[] = [
  // 部件 · 公用设施
  ['C0101', '井盖破损', 'zj', 'standard', 'important'],
  ['C0102', '井盖缺失', 'zj', 'emergency', 'urgent'],
  ['C0103', '雨水篦子堵塞', 'sw', 'standard', 'normal'],
  ['C0104', '消防栓损坏', 'xf', 'standard', 'important'],
  ['C0105', '路灯不亮', 'jt', 'standard', 'normal'],
  ['C0106', '配电箱破损', 'zj', 'standard', 'important'],
  ['C0107', '电线杆倾斜', 'zj', 'emergency', 'important'],
  ['C0108', '自来水管破裂', 'sw', 'emergency', 'urgent'],
  // 部件 · 道路交通
  ['C0201', '路面塌陷', 'jt', 'emergency', 'urgent'],
  ['C0202', '路面坑洼破损', 'jt', 'standard', 'normal'],
  ['C0203', '交通护栏损坏', 'jt', 'standard', 'normal'],
  ['C0204', '交通信号灯故障', 'ga', 'emergency', 'urgent'],
  ['C0205', '公交站亭破损', 'jt', 'standard', 'normal'],
  ['C0206', '盲道破损', 'jt', 'standard', 'normal'],
  // 部件 · 市容环境
  ['C0301', '垃圾箱破损', 'lhsr', 'quick', 'normal', true],
  ['C0302', '公厕设施损坏', 'lhsr', 'standard', 'normal'],
  ['C0303', '广告牌倾斜', 'lhsr', 'emergency', 'urgent'],
  ['C0304', '玻璃幕墙破损', 'zj', 'emergency', 'urgent'],
  // 部件 · 园林绿化
  ['C0401', '行道树倒伏', 'lhsr', 'emergency', 'important'],
  ['C0402', '绿地损坏', 'lhsr', 'standard', 'normal'],
  ['C0403', '树木枯死', 'lhsr', 'long', 'normal'],
  // 部件 · 房屋土地
  ['C0501', '危房隐患', 'zj', 'standard', 'important'],
  ['C0502', '外墙饰面脱落', 'zj', 'emergency', 'urgent'],
  // 部件 · 其他设施
  ['C0601', '健身设施损坏', 'lhsr', 'standard', 'normal'],
  ['C0602', '监控设施损坏', 'ga', 'standard', 'normal'],
  ['C0603', '电梯设施故障', 'scjg', 'emergency', 'important'],
  // 事件 · 市容环境
  ['E0101', '暴露垃圾', 'lhsr', 'quick', 'normal', true],
  ['E0102', '积存垃圾渣土', 'lhsr', 'standard', 'normal'],
  ['E0103', '道路不洁', 'lhsr', 'quick', 'normal', true],
  ['E0104', '乱堆物堆料', 'cg', 'quick', 'normal', true],
  ['E0105', '绿地脏乱', 'lhsr', 'quick', 'normal', true],
  ['E0106', '焚烧垃圾树叶', 'sthj', 'emergency', 'important'],
  ['E0107', '河道漂浮物', 'sw', 'standard', 'normal'],
  // 事件 · 宣传广告
  ['E0201', '非法小广告', 'cg', 'quick', 'normal', true],
  ['E0202', '违规户外广告', 'cg', 'standard', 'normal'],
  ['E0203', '占道广告牌', 'cg', 'standard', 'normal'],
  // 事件 · 施工管理
  ['E0301', '施工占道', 'cg', 'standard', 'important'],
  ['E0302', '工地扬尘', 'sthj', 'standard', 'important'],
  ['E0303', '夜间施工噪声', 'sthj', 'emergency', 'important'],
  ['E0304', '违法搭建', 'cg', 'long', 'normal'],
  ['E0305', '渣土车遗撒', 'cg', 'emergency', 'important'],
  // 事件 · 突发事件
  ['E0401', '道路积水', 'sw', 'emergency', 'urgent'],
  ['E0402', '火灾隐患', 'xf', 'emergency', 'urgent'],
  ['E0403', '电梯困人', 'scjg', 'emergency', 'urgent'],
  ['E0404', '燃气泄漏', 'yj', 'emergency', 'urgent'],
  ['E0405', '人群聚集', 'ga', 'emergency', 'urgent'],
  ['E0406', '水质异常', 'sw', 'emergency', 'important'],
  ['E0407', '空气污染', 'sthj', 'standard', 'important'],
  ['E0408', '供水管网压力异常', 'sw', 'emergency', 'important'],
  // 事件 · 街面秩序
  ['E0501', '电瓶车乱停放', 'cg', 'quick', 'normal', true],
  ['E0502', '无照经营游商', 'cg', 'quick', 'normal'],
  ['E0503', '占道经营', 'cg', 'standard', 'normal'],
  ['E0504', '机动车乱停放', 'ga', 'quick', 'normal'],
  ['E0505', '噪音扰民', 'ga', 'emergency', 'important'],
  ['E0506', '群租', 'zj', 'long', 'normal'],
  ['E0507', '露天烧烤', 'cg', 'quick', 'normal'],
  ['E0508', '共享单车乱停放', 'jt', 'quick', 'normal', true],
  // 事件 · 其他
  ['E0601', '餐饮油烟扰民', 'sthj', 'standard', 'normal'],
  ['E0602', '违规养犬', 'ga', 'standard', 'normal'],
  ['E0603', '食品安全隐患', 'scjg', 'standard', 'important'],
  ['E0604', '其他事件', 'cg', 'standard', 'normal'],
];

/** The seeded classification: the big classes of GB/T 30428 and 60 small classes under them. */
export const gbt30428Classes: CaseClassSeed[] = rows.map(
  ([id, smallName, departmentCode, profile, priority, keepInGrid]) => {
    const kind: ClassKind = id.startsWith('C') ? 'component' : 'event';
    const bigCode = id.slice(1, 3);
    return {
      id,
      kind,
      bigCode,
      bigName: bigClasses[kind][bigCode] ?? '其他',
      smallCode: id.slice(3, 5),
      smallName,
      departmentCode,
      keepInGrid: keepInGrid ?? false,
      defaultPriority: priority,
      deadlines: profiles[profile],
    };
  },
);

/**
 * Dispatch rules that differ from a class's default department, as a district would
 * configure them: 浦东新区 sends 乱堆物堆料 to 城管 instead of keeping it in the grid; 黄浦区
 * sends dark street lamps on the Bund to 绿化市容 (landscape lighting).
 */
export const seededDispatchRules: Array<{
  classId: string;
  regionId: string;
  target: 'department_code' | 'grid';
  departmentCode: string | null;
  note: string;
}> = [
  {
    classId: 'E0104',
    regionId: '310115',
    target: 'department_code',
    departmentCode: 'cg',
    note: '浦东新区：乱堆物堆料由区城管执法局处置',
  },
  {
    classId: 'C0105',
    regionId: '310101',
    target: 'department_code',
    departmentCode: 'lhsr',
    note: '黄浦区：景观照明由区绿化市容局处置',
  },
  {
    classId: 'E0502',
    regionId: '310101',
    target: 'grid',
    departmentCode: null,
    note: '黄浦区：无照游商先由网格劝离',
  },
];

/** English names of the big classes (the English switch of the workbench and the portal). */
export const bigClassesEn: Record<ClassKind, Record<string, string>> = {
  component: {
    '01': 'Public utilities',
    '02': 'Roads and traffic',
    '03': 'City appearance',
    '04': 'Parks and greenery',
    '05': 'Buildings and land',
    '06': 'Other facilities',
  },
  event: {
    '01': 'City appearance',
    '02': 'Posters and advertising',
    '03': 'Construction',
    '04': 'Emergencies',
    '05': 'Street order',
    '06': 'Other',
  },
};

/** English names of the small classes, by class id (a test checks every class has one). */
export const smallClassNamesEn: Record<string, string> = {
  C0101: 'Damaged manhole cover',
  C0102: 'Missing manhole cover',
  C0103: 'Blocked storm drain grate',
  C0104: 'Damaged fire hydrant',
  C0105: 'Street lamp out',
  C0106: 'Damaged distribution box',
  C0107: 'Leaning utility pole',
  C0108: 'Burst water main',
  C0201: 'Road subsidence',
  C0202: 'Potholes and broken road surface',
  C0203: 'Damaged traffic barrier',
  C0204: 'Traffic signal fault',
  C0205: 'Damaged bus shelter',
  C0206: 'Damaged tactile paving',
  C0301: 'Damaged litter bin',
  C0302: 'Damaged public toilet',
  C0303: 'Leaning billboard',
  C0304: 'Broken glass curtain wall',
  C0401: 'Fallen street tree',
  C0402: 'Damaged green space',
  C0403: 'Dead tree',
  C0501: 'Dangerous building',
  C0502: 'Falling facade tiles',
  C0601: 'Damaged fitness equipment',
  C0602: 'Damaged surveillance camera',
  C0603: 'Lift fault',
  E0101: 'Exposed rubbish',
  E0102: 'Accumulated rubbish and muck',
  E0103: 'Dirty road',
  E0104: 'Stuff piled in public space',
  E0105: 'Littered green space',
  E0106: 'Burning rubbish or leaves',
  E0107: 'Floating debris in a river',
  E0201: 'Illegal flyers',
  E0202: 'Unauthorised outdoor advertising',
  E0203: 'Advertising board blocking the way',
  E0301: 'Construction occupying the road',
  E0302: 'Construction site dust',
  E0303: 'Construction noise at night',
  E0304: 'Illegal construction',
  E0305: 'Spillage from muck trucks',
  E0401: 'Flooded road',
  E0402: 'Fire hazard',
  E0403: 'People trapped in a lift',
  E0404: 'Gas leak',
  E0405: 'Crowd gathering',
  E0406: 'Abnormal water quality',
  E0407: 'Air pollution',
  E0408: 'Abnormal water main pressure',
  E0501: 'E-bikes parked in the wrong place',
  E0502: 'Unlicensed street vendors',
  E0503: 'Trading on the road',
  E0504: 'Illegally parked cars',
  E0505: 'Noise nuisance',
  E0506: 'Overcrowded rented flats',
  E0507: 'Open-air barbecue',
  E0508: 'Shared bikes parked in the wrong place',
  E0601: 'Cooking fumes nuisance',
  E0602: 'Dogs kept against the rules',
  E0603: 'Food safety hazard',
  E0604: 'Other events',
};

/**
 * A class's English names: from the GB/T 30428 translations above; a class id we do not know
 * (one a deployment added itself) gets its code, so the English screens never fall back to
 * an empty label.
 */
export function classNamesEn(cls: {
  id: string;
  kind: ClassKind;
  bigCode: string;
  smallCode: string;
}): { bigNameEn: string; smallNameEn: string; nameEn: string } {
  const bigNameEn = bigClassesEn[cls.kind][cls.bigCode] ?? `Class ${cls.bigCode}`;
  const smallNameEn =
    smallClassNamesEn[cls.id] ?? `${cls.kind === 'event' ? 'Event' : 'Component'} ${cls.id}`;
  return { bigNameEn, smallNameEn, nameEn: `${bigNameEn} / ${smallNameEn}` };
}
