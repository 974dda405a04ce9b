/**
 * Open311 services are the GB/T 30428 classes a person can report (service_code = class id,
 * e.g. E0501). Each has attributes a reporter fills in: where exactly, how serious, and what
 * the class needs to be acted on.
 */
export type AttributeType =
  'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface ServiceAttribute {
  code: string;
  datatype: AttributeType;
  required: boolean;
  description: string;
  datatypeDescription: string | null;
  values: Array<{ key: string; name: string }>;
}

/** What the service list needs from a class (the cases module's catalog row). */
export interface ReportableClass {
  id: string;
  kind: 'component' | 'event';
  bigName: string;
  smallName: string;
  defaultPriority: 'urgent' | 'important' | 'normal';
  enabled: boolean;
}

/**
 * Classes a person does not report here: found by instruments (the IoT alerts open those
 * cases), or emergencies that need a phone call now (gas 962777, trapped in a lift 96333).
 */
export const notReportable = new Set(['E0406', 'E0407', 'E0408', 'E0403', 'E0404']);

const severity: ServiceAttribute = {
  code: 'severity',
  datatype: 'singlevaluelist',
  required: true,
  description: '严重程度 How serious is it?',
  datatypeDescription: null,
  values: [
    { key: 'minor', name: '轻微 Minor' },
    { key: 'serious', name: '严重 Serious' },
    { key: 'danger', name: '危及安全 Danger to people' },
  ],
};

const landmark: ServiceAttribute = {
  code: 'landmark',
  datatype: 'string',
  required: false,
  description: '附近地标或门牌号 Nearby landmark or house number',
  datatypeDescription: '例如 南京东路 300 号门口 / 地铁 2 号口',
  values: [],
};

const componentId: ServiceAttribute = {
  code: 'component_id',
  datatype: 'string',
  required: false,
  description: '部件编号 Component number on its plate (GB/T 30428, 16 digits)',
  datatypeDescription: '16 位数字：区县代码 + 大类 + 小类 + 序号',
  values: [],
};

const yesNo = [
  { key: 'yes', name: '是 Yes' },
  { key: 'no', name: '否 No' },
];

/** Attributes beyond severity and landmark, by class. */
const specific: Record<string, ServiceAttribute[]> = {
  C0101: [
    {
      code: 'on_carriageway',
      datatype: 'singlevaluelist',
      required: true,
      description: '是否位于机动车道 Is it on the carriageway?',
      datatypeDescription: null,
      values: yesNo,
    },
  ],
  C0102: [
    {
      code: 'on_carriageway',
      datatype: 'singlevaluelist',
      required: true,
      description: '是否位于机动车道 Is it on the carriageway?',
      datatypeDescription: null,
      values: yesNo,
    },
  ],
  C0105: [
    {
      code: 'lamp_count',
      datatype: 'number',
      required: false,
      description: '不亮的路灯数量 How many lamps are out?',
      datatypeDescription: '1–200',
      values: [],
    },
  ],
  E0401: [
    {
      code: 'water_depth',
      datatype: 'singlevaluelist',
      required: true,
      description: '积水深度 How deep is the water?',
      datatypeDescription: null,
      values: [
        { key: 'ankle', name: '没过脚踝（<10 cm）' },
        { key: 'knee', name: '没过膝盖（10–40 cm）' },
        { key: 'above_knee', name: '超过膝盖（>40 cm）' },
      ],
    },
  ],
  E0505: [
    {
      code: 'noise_time',
      datatype: 'multivaluelist',
      required: true,
      description: '噪声出现的时段 When is it noisy?',
      datatypeDescription: null,
      values: [
        { key: 'day', name: '白天 06:00–22:00' },
        { key: 'night', name: '夜间 22:00–06:00' },
      ],
    },
  ],
  E0303: [
    {
      code: 'started_at',
      datatype: 'datetime',
      required: false,
      description: '施工开始时间 When did the work start?',
      datatypeDescription: 'W3C 日期时间，如 2026-11-22T23:10:00+08:00',
      values: [],
    },
  ],
  E0501: [
    {
      code: 'vehicle_count',
      datatype: 'number',
      required: false,
      description: '车辆数量 About how many vehicles?',
      datatypeDescription: '1–500',
      values: [],
    },
    {
      code: 'blocks_passage',
      datatype: 'singlevaluelist',
      required: true,
      description: '是否堵塞消防通道或楼道 Does it block a fire lane or stairway?',
      datatypeDescription: null,
      values: yesNo,
    },
  ],
  E0506: [
    {
      code: 'floor',
      datatype: 'string',
      required: false,
      description: '楼层与室号 Floor and flat',
      datatypeDescription: '例如 5 楼 502 室',
      values: [],
    },
  ],
};

export interface ServiceDefinition {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  attributes: ServiceAttribute[];
}

export function serviceOf(cls: ReportableClass): ServiceDefinition | null {
  if (!cls.enabled || notReportable.has(cls.id)) return null;
  const kindName = cls.kind === 'component' ? '部件' : '事件';
  return {
    code: cls.id,
    name: cls.smallName,
    description: `${kindName} · ${cls.bigName} · ${cls.smallName}（GB/T 30428 ${cls.id}）`,
    group: `${kindName} / ${cls.bigName}`,
    keywords: [cls.smallName, cls.bigName, kindName],
    attributes: [
      severity,
      landmark,
      ...(specific[cls.id] ?? []),
      ...(cls.kind === 'component' ? [componentId] : []),
    ],
  };
}

export function servicesOf(classes: ReportableClass[]): ServiceDefinition[] {
  return classes.flatMap((c) => serviceOf(c) ?? []).sort((a, b) => a.code.localeCompare(b.code));
}
