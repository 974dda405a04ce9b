/**
 * The departments (委办局) of the demo city: each exists at city level (上海市…) and, where
 * the function is devolved, as a district bureau (黄浦区…). Codes are stable; ids are
 * `<region>.<code>`.
 */
export const demoDepartments = [
  {
    code: 'cg',
    short: '城管',
    city: '城市管理行政执法局',
    district: '城市管理行政执法局',
    en: 'Urban Management Enforcement',
  },
  { code: 'sw', short: '水务', city: '水务局', district: '水务局', en: 'Water Authority' },
  {
    code: 'scjg',
    short: '市场监管',
    city: '市场监督管理局',
    district: '市场监督管理局',
    en: 'Market Supervision',
  },
  {
    code: 'zj',
    short: '住建',
    city: '住房和城乡建设管理委员会',
    district: '建设和管理委员会',
    en: 'Housing and Construction',
  },
  {
    code: 'xf',
    short: '消防',
    city: '消防救援总队',
    district: '消防救援支队',
    en: 'Fire and Rescue',
  },
  { code: 'jt', short: '交通', city: '交通委员会', district: '交通委员会', en: 'Transport' },
  {
    code: 'sthj',
    short: '生态环境',
    city: '生态环境局',
    district: '生态环境局',
    en: 'Ecology and Environment',
  },
  { code: 'wj', short: '卫健', city: '卫生健康委员会', district: '卫生健康委员会', en: 'Health' },
  { code: 'mz', short: '民政', city: '民政局', district: '民政局', en: 'Civil Affairs' },
  { code: 'ga', short: '公安', city: '公安局', district: '公安分局', en: 'Public Security' },
  {
    code: 'lhsr',
    short: '绿化市容',
    city: '绿化和市容管理局',
    district: '绿化和市容管理局',
    en: 'Greening and City Appearance',
  },
  {
    code: 'yj',
    short: '应急',
    city: '应急管理局',
    district: '应急管理局',
    en: 'Emergency Management',
  },
  {
    code: 'ghzy',
    short: '规划资源',
    city: '规划和自然资源局',
    district: '规划和自然资源局',
    en: 'Planning and Natural Resources',
  },
  {
    code: 'rs',
    short: '人社',
    city: '人力资源和社会保障局',
    district: '人力资源和社会保障局',
    en: 'Human Resources and Social Security',
  },
  {
    code: 'yb',
    short: '医保',
    city: '医疗保障局',
    district: '医疗保障局',
    en: 'Medical Insurance',
  },
  {
    code: 'sj',
    short: '数据',
    city: '大数据中心',
    district: '城市运行管理中心',
    en: 'Big Data Centre',
  },
] as const;
