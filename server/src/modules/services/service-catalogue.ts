/**
 * The vocabulary of the service catalogue (事项目录): what an item is, who it is for, how
 * far it can be done online, what it needs and what it produces.
 */

/** 事项类型: the legal kind of an administrative service. */
export const itemKinds = [
  'administrative_licence', // 行政许可
  'administrative_confirmation', // 行政确认
  'administrative_payment', // 行政给付
  'administrative_ruling', // 行政裁决
  'administrative_filing', // 行政备案
  'other_power', // 其他行政权力
  'public_service', // 公共服务
] as const;
export type ItemKind = (typeof itemKinds)[number];

/** 服务对象: natural persons (自然人) or legal persons (法人). */
export const audiences = ['person', 'enterprise'] as const;
export type Audience = (typeof audiences)[number];

/** 办理深度: 全程网办 · 最多跑一次 · 需到现场. */
export const onlineLevels = ['full_online', 'one_visit', 'on_site'] as const;
export type OnlineLevel = (typeof onlineLevels)[number];

/** Which level of a department handles the item: the city bureau or the district's. */
export const handlingLevels = ['city', 'district'] as const;
export type HandlingLevel = (typeof handlingLevels)[number];

/**
 * Where a material comes from: uploaded by the applicant, an e-licence the applicant holds
 * (两个免于提交: attached with consent, never uploaded), or a data-hub dataset (later).
 */
export type MaterialSource =
  | { kind: 'upload' }
  | { kind: 'licence'; licenceType: string }
  | { kind: 'dataset'; datasetId: string };

export interface Material {
  /** Stable key; the same key in two items of a bundle means the same document. */
  key: string;
  name: string;
  nameEn: string;
  required: boolean;
  source: MaterialSource;
}

/** What approving the item issues into the e-licence library. */
export interface LicenceOutput {
  type: string;
  /** Years of validity; null: long-term (长期有效). */
  validYears: number | null;
}

/** A JSON Schema (draft-07 subset) for one form; the portal renders it, Ajv checks it. */
export interface FormSchema {
  type: 'object';
  properties: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties: false;
}

export interface FieldSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  title: string;
  /** English label for the portal's English switch. */
  'x-title-en'?: string;
  description?: string;
  enum?: Array<string | number>;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: { type: 'string'; enum?: string[] };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  /** How the portal draws a string: one line (default) or a text area. */
  'x-widget'?: 'textarea';
}

export interface ServiceItem {
  id: string;
  /** 事项编码. */
  code: string;
  name: string;
  nameEn: string;
  description: string;
  departmentCode: string;
  handledAt: HandlingLevel;
  kind: ItemKind;
  audiences: Audience[];
  /** 法定办结时限 and 承诺办结时限, in working days counted from acceptance. */
  statutoryDays: number;
  promisedDays: number;
  onlineLevel: OnlineLevel;
  materials: Material[];
  form: FormSchema;
  licence: LicenceOutput | null;
  lifeEvents: string[];
  topics: string[];
  keywords: string;
}

/** 一件事: several items behind one form, one set of materials, one outcome. */
export interface BundleStep {
  itemId: string;
  /** Items whose approval this one needs first (in order); none: runs in parallel. */
  after: string[];
}

export interface BundleDefinition {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  lifeEvent: string;
  topics: string[];
  steps: BundleStep[];
  /** Where two items name one thing differently: itemId → item field → bundle field. */
  aliases: Record<string, Record<string, string>>;
  keywords: string;
  /**
   * Who may apply for the bundle when it differs from what its items have in common (企业开办
   * is filed by the founder, a person, though its later items are normally an enterprise's).
   */
  audiences?: Audience[];
}

export interface MergedMaterial extends Material {
  /** The items of the bundle that ask for it. */
  itemIds: string[];
}

export interface FieldTarget {
  itemId: string;
  field: string;
}

export interface Bundle extends Omit<BundleDefinition, 'audiences'> {
  audiences: Audience[];
  form: FormSchema;
  /** Bundle field → the item fields it fills. */
  fieldMap: Record<string, FieldTarget[]>;
  materials: MergedMaterial[];
  /** Along the longest chain of ordered steps. */
  statutoryDays: number;
  promisedDays: number;
  onlineLevel: OnlineLevel;
}

/** 人生事件 (persons) and 企业生命周期 events (enterprises): how citizens browse. */
export const lifeEvents = [
  { id: 'newborn', name: '出生', nameEn: 'Having a baby', audience: 'person' },
  { id: 'education', name: '上学', nameEn: 'Going to school', audience: 'person' },
  { id: 'employment', name: '就业', nameEn: 'Finding work', audience: 'person' },
  { id: 'marriage', name: '婚育', nameEn: 'Marriage', audience: 'person' },
  { id: 'housing', name: '住房', nameEn: 'Housing', audience: 'person' },
  { id: 'home_sale', name: '二手房交易', nameEn: 'Selling a home', audience: 'person' },
  { id: 'moving', name: '迁居落户', nameEn: 'Moving house', audience: 'person' },
  { id: 'driving', name: '出行', nameEn: 'Getting around', audience: 'person' },
  { id: 'medical', name: '就医', nameEn: 'Healthcare', audience: 'person' },
  { id: 'retirement', name: '退休', nameEn: 'Retiring', audience: 'person' },
  { id: 'elderly_care', name: '养老', nameEn: 'Elderly care', audience: 'person' },
  { id: 'disability', name: '助残', nameEn: 'Disability support', audience: 'person' },
  { id: 'after_death', name: '身后事', nameEn: 'After a death', audience: 'person' },
  { id: 'start_business', name: '企业开办', nameEn: 'Starting a company', audience: 'enterprise' },
  { id: 'open_restaurant', name: '开餐馆', nameEn: 'Opening a restaurant', audience: 'enterprise' },
  {
    id: 'business_operation',
    name: '经营许可',
    nameEn: 'Operating permits',
    audience: 'enterprise',
  },
  { id: 'construction', name: '工程建设', nameEn: 'Building works', audience: 'enterprise' },
  { id: 'hiring', name: '招聘用工', nameEn: 'Hiring staff', audience: 'enterprise' },
  {
    id: 'environment_compliance',
    name: '环保合规',
    nameEn: 'Environmental compliance',
    audience: 'enterprise',
  },
  { id: 'business_closure', name: '企业注销', nameEn: 'Closing a company', audience: 'enterprise' },
] as const;

/** 主题 (topics): the other way to browse. */
export const topics = [
  { id: 'household', name: '户籍办理', nameEn: 'Household registration' },
  { id: 'social_security', name: '社会保障', nameEn: 'Social security' },
  { id: 'medical_insurance', name: '医疗保障', nameEn: 'Medical insurance' },
  { id: 'healthcare', name: '医疗卫生', nameEn: 'Health' },
  { id: 'education', name: '教育', nameEn: 'Education' },
  { id: 'housing', name: '住房保障', nameEn: 'Housing' },
  { id: 'real_estate', name: '不动产', nameEn: 'Real estate' },
  { id: 'utilities', name: '水电气', nameEn: 'Water, power and gas' },
  { id: 'transport', name: '交通出行', nameEn: 'Transport' },
  { id: 'civil_affairs', name: '民政', nameEn: 'Civil affairs' },
  { id: 'employment', name: '就业创业', nameEn: 'Jobs and start-ups' },
  { id: 'market_entry', name: '市场准入', nameEn: 'Market entry' },
  { id: 'food_safety', name: '食品安全', nameEn: 'Food safety' },
  { id: 'fire_safety', name: '消防安全', nameEn: 'Fire safety' },
  { id: 'construction', name: '建设工程', nameEn: 'Construction' },
  { id: 'environment', name: '生态环境', nameEn: 'Environment' },
  { id: 'water', name: '水务', nameEn: 'Water' },
  { id: 'city_appearance', name: '市容绿化', nameEn: 'City appearance and greening' },
  { id: 'planning', name: '规划用地', nameEn: 'Planning and land' },
  { id: 'public_safety', name: '公共安全', nameEn: 'Public safety' },
  { id: 'work_safety', name: '安全生产', nameEn: 'Work safety' },
  { id: 'data', name: '数据服务', nameEn: 'Data services' },
] as const;

export const lifeEventIds = lifeEvents.map((e) => e.id) as readonly string[];
export const topicIds = topics.map((e) => e.id) as readonly string[];

/** What an item's onlineLevel means in visits: 全程网办 0, 最多跑一次 1, 需到现场 ≥ 1. */
export const onlineLevelRank: Record<OnlineLevel, number> = {
  full_online: 0,
  one_visit: 1,
  on_site: 2,
};

/** Which audience an account kind applies as. */
export function audienceOf(kind: string): Audience | null {
  if (kind === 'citizen') return 'person';
  if (kind === 'enterprise') return 'enterprise';
  return null;
}

/** Everything a search should find an item or bundle by, in one string for pg_trgm. */
export function searchTextOf(parts: Array<string | null | undefined>): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLowerCase();
}
