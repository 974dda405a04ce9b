import type { ThingModel } from './thing-model.ts';

export interface ProductDefinition {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  retentionDays: number;
  thingModel: ThingModel;
  /** The department code (see the demo departments) that usually owns such devices. */
  departmentCode: string;
  /** Short prefix of demo device names. */
  prefix: string;
}

const battery = {
  key: 'battery',
  name: '电池电量',
  type: 'number',
  unit: '%',
  min: 0,
  max: 100,
  intervalSeconds: 3600,
} as const;
const rssi = {
  key: 'rssi',
  name: '信号强度',
  type: 'integer',
  unit: 'dBm',
  min: -130,
  max: 0,
} as const;

/** The ten demo products: realistic units, valid ranges and reporting intervals. */
export const demoProducts: ProductDefinition[] = [
  {
    id: 'billboard-tilt',
    name: '广告牌倾斜振动监测仪',
    nameEn: 'Billboard tilt and vibration monitor',
    description: '户外广告牌、店招的倾角与振动监测，超限预警坠落风险',
    retentionDays: 365,
    departmentCode: 'lhsr',
    prefix: 'BB',
    thingModel: {
      intervalSeconds: 300,
      properties: [
        {
          key: 'tiltX',
          name: 'X 轴倾角',
          type: 'number',
          unit: '°',
          min: -30,
          max: 30,
          flatLineCount: 500,
        },
        {
          key: 'tiltY',
          name: 'Y 轴倾角',
          type: 'number',
          unit: '°',
          min: -30,
          max: 30,
          flatLineCount: 500,
        },
        { key: 'vibration', name: '振动加速度', type: 'number', unit: 'm/s²', min: 0, max: 50 },
        battery,
        rssi,
      ],
      events: [
        {
          key: 'tiltAlarm',
          name: '倾斜超限',
          severity: 'critical',
          params: [{ key: 'angle', type: 'number', unit: '°' }],
        },
      ],
      commands: [{ key: 'calibrate', name: '零点校准', params: [] }],
    },
  },
  {
    id: 'curtain-wall',
    name: '玻璃幕墙安全监测仪',
    nameEn: 'Curtain-wall safety sensor',
    description: '既有建筑玻璃幕墙的倾角、位移与振动监测（一楼一档）',
    retentionDays: 365,
    departmentCode: 'zj',
    prefix: 'CW',
    thingModel: {
      intervalSeconds: 600,
      properties: [
        { key: 'tilt', name: '倾角', type: 'number', unit: '°', min: -10, max: 10 },
        { key: 'displacement', name: '位移', type: 'number', unit: 'mm', min: 0, max: 100 },
        { key: 'vibration', name: '振动频率', type: 'number', unit: 'Hz', min: 0, max: 200 },
        { key: 'glassBroken', name: '玻璃破碎', type: 'boolean' },
        battery,
      ],
      events: [{ key: 'breakage', name: '玻璃破碎', severity: 'critical', params: [] }],
      commands: [],
    },
  },
  {
    id: 'water-quality',
    name: '水质监测站',
    nameEn: 'Water-quality station',
    description: '供水管网与水厂出水水质：pH、浊度、余氯、水温、电导率',
    retentionDays: 730,
    departmentCode: 'sw',
    prefix: 'WQ',
    thingModel: {
      intervalSeconds: 60,
      properties: [
        { key: 'ph', name: 'pH', type: 'number', unit: 'pH', min: 0, max: 14 },
        { key: 'turbidity', name: '浊度', type: 'number', unit: 'NTU', min: 0, max: 100 },
        { key: 'chlorine', name: '余氯', type: 'number', unit: 'mg/L', min: 0, max: 5 },
        { key: 'temperature', name: '水温', type: 'number', unit: '°C', min: 0, max: 40 },
        { key: 'conductivity', name: '电导率', type: 'number', unit: 'µS/cm', min: 0, max: 2000 },
      ],
      events: [],
      commands: [{ key: 'flush', name: '冲洗探头', params: [] }],
    },
  },
  {
    id: 'water-pressure',
    name: '管网压力监测仪',
    nameEn: 'Water-pressure monitor',
    description: '供水管网压力与流量，爆管与低压预警',
    retentionDays: 365,
    departmentCode: 'sw',
    prefix: 'WP',
    thingModel: {
      intervalSeconds: 60,
      properties: [
        { key: 'pressure', name: '压力', type: 'number', unit: 'MPa', min: 0, max: 1.6 },
        { key: 'flow', name: '瞬时流量', type: 'number', unit: 'm³/h', min: 0, max: 5000 },
        {
          key: 'pumpState',
          name: '泵站状态',
          type: 'enum',
          values: ['running', 'stopped', 'fault'],
        },
        battery,
      ],
      events: [],
      commands: [],
    },
  },
  {
    id: 'water-level',
    name: '积水水位计',
    nameEn: 'Water-level gauge',
    description: '下立交、低洼路段积水深度与河道水位',
    retentionDays: 365,
    departmentCode: 'sw',
    prefix: 'WL',
    thingModel: {
      intervalSeconds: 300,
      properties: [
        { key: 'level', name: '水位', type: 'number', unit: 'm', min: -5, max: 10 },
        { key: 'rainfall', name: '小时雨量', type: 'number', unit: 'mm', min: 0, max: 300 },
        battery,
        rssi,
      ],
      events: [],
      commands: [],
    },
  },
  {
    id: 'manhole-cover',
    name: '智能井盖',
    nameEn: 'Manhole cover monitor',
    description: '井盖位移、倾斜、开启与井下水位',
    retentionDays: 180,
    departmentCode: 'cg',
    prefix: 'MH',
    thingModel: {
      intervalSeconds: 3600,
      properties: [
        { key: 'open', name: '开启', type: 'boolean' },
        { key: 'tilt', name: '倾角', type: 'number', unit: '°', min: 0, max: 90 },
        { key: 'waterLevel', name: '井下水位', type: 'number', unit: 'cm', min: 0, max: 500 },
        battery,
        rssi,
      ],
      events: [{ key: 'opened', name: '井盖开启', severity: 'warning', params: [] }],
      commands: [],
    },
  },
  {
    id: 'smoke-detector',
    name: '独立式烟感报警器',
    nameEn: 'Smoke detector',
    description: '老旧小区与九小场所的 NB-IoT 独立式烟感',
    retentionDays: 180,
    departmentCode: 'xf',
    prefix: 'SD',
    thingModel: {
      intervalSeconds: 3600,
      properties: [
        { key: 'smoke', name: '烟雾浓度', type: 'number', unit: 'dB/m', min: 0, max: 1 },
        { key: 'alarm', name: '报警', type: 'boolean' },
        { key: 'temperature', name: '温度', type: 'number', unit: '°C', min: -20, max: 80 },
        battery,
      ],
      events: [{ key: 'fire', name: '火警', severity: 'critical', params: [] }],
      commands: [{ key: 'mute', name: '消音', params: [] }],
    },
  },
  {
    id: 'elevator-monitor',
    name: '电梯安全监测终端',
    nameEn: 'Elevator monitor',
    description: '电梯运行状态、困人、门区、楼层与运行次数',
    retentionDays: 365,
    departmentCode: 'scjg',
    prefix: 'EL',
    thingModel: {
      intervalSeconds: 60,
      properties: [
        { key: 'floor', name: '楼层', type: 'integer', min: -5, max: 120 },
        { key: 'speed', name: '速度', type: 'number', unit: 'm/s', min: 0, max: 10 },
        { key: 'doorOpen', name: '开门', type: 'boolean' },
        { key: 'passengers', name: '有人', type: 'boolean' },
        {
          key: 'status',
          name: '运行状态',
          type: 'enum',
          values: ['normal', 'maintenance', 'fault', 'trapped'],
        },
        { key: 'runCount', name: '累计运行次数', type: 'integer', min: 0 },
      ],
      events: [
        {
          key: 'trapped',
          name: '困人',
          severity: 'critical',
          params: [{ key: 'floor', type: 'integer' }],
        },
      ],
      commands: [],
    },
  },
  {
    id: 'crowd-counter',
    name: '客流计数器',
    nameEn: 'Crowd counter',
    description: '景区、商圈、地铁出入口实时客流与密度',
    retentionDays: 90,
    departmentCode: 'ga',
    prefix: 'CC',
    thingModel: {
      intervalSeconds: 60,
      properties: [
        { key: 'count', name: '在场人数', type: 'integer', unit: '人', min: 0, max: 200_000 },
        { key: 'inflow', name: '进入人数', type: 'integer', unit: '人/分', min: 0, max: 10_000 },
        { key: 'outflow', name: '离开人数', type: 'integer', unit: '人/分', min: 0, max: 10_000 },
        { key: 'density', name: '密度', type: 'number', unit: '人/m²', min: 0, max: 10 },
      ],
      events: [],
      commands: [],
    },
  },
  {
    id: 'air-quality',
    name: '空气质量微站',
    nameEn: 'Air-quality station',
    description: 'PM2.5、PM10、NO₂、O₃、温湿度、噪声',
    retentionDays: 730,
    departmentCode: 'sthj',
    prefix: 'AQ',
    thingModel: {
      intervalSeconds: 300,
      properties: [
        { key: 'pm25', name: 'PM2.5', type: 'number', unit: 'µg/m³', min: 0, max: 1000 },
        { key: 'pm10', name: 'PM10', type: 'number', unit: 'µg/m³', min: 0, max: 2000 },
        { key: 'no2', name: '二氧化氮', type: 'number', unit: 'µg/m³', min: 0, max: 2000 },
        { key: 'o3', name: '臭氧', type: 'number', unit: 'µg/m³', min: 0, max: 1000 },
        { key: 'temperature', name: '温度', type: 'number', unit: '°C', min: -30, max: 60 },
        { key: 'humidity', name: '湿度', type: 'number', unit: '%RH', min: 0, max: 100 },
        { key: 'noise', name: '噪声', type: 'number', unit: 'dB(A)', min: 20, max: 140 },
      ],
      events: [],
      commands: [],
    },
  },
];
