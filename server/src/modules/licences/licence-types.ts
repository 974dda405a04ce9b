/**
 * The kinds of e-licence (电子证照) the library holds: who issues them (a department code),
 * to whom, for how long, and which fields they print. Fields are picked by key from what
 * the issuer supplies (an approved application's form); everything else is left out.
 */
export interface LicenceType {
  code: string;
  name: string;
  nameEn: string;
  departmentCode: string;
  holderKinds: Array<'citizen' | 'enterprise'>;
  /** Default years of validity; null: long-term (长期). */
  validYears: number | null;
  /** Licence numbers start with it: JY… for 食品经营许可证. */
  numberPrefix: string;
  fields: Array<{ key: string; name: string; nameEn: string }>;
}

const f = (key: string, name: string, nameEn: string) => ({ key, name, nameEn });
const enterpriseName = f('enterpriseName', '名称', 'Name');
const creditCode = f('creditCode', '统一社会信用代码', 'Unified social credit code');
const legalRepresentative = f('legalRepresentative', '法定代表人', 'Legal representative');
const businessAddress = f('businessAddress', '经营场所', 'Business premises');

export const licenceTypes: LicenceType[] = [
  {
    code: 'business_licence',
    name: '营业执照',
    nameEn: 'Business licence',
    departmentCode: 'scjg',
    // Also held by the founder's account (企业开办) and by individual businesses (个体工商户).
    holderKinds: ['citizen', 'enterprise'],
    validYears: null,
    numberPrefix: 'YYZZ',
    fields: [
      enterpriseName,
      creditCode,
      legalRepresentative,
      f('businessAddress', '住所', 'Domicile'),
      f('registeredCapital', '注册资本（万元）', 'Registered capital (10k CNY)'),
      f('businessScope', '经营范围', 'Business scope'),
    ],
  },
  {
    code: 'food_business',
    name: '食品经营许可证',
    nameEn: 'Food business licence',
    departmentCode: 'scjg',
    holderKinds: ['enterprise'],
    validYears: 5,
    numberPrefix: 'JY',
    fields: [
      f('enterpriseName', '经营者名称', 'Business operator'),
      creditCode,
      legalRepresentative,
      businessAddress,
      f('businessType', '主体业态', 'Type of business'),
      f('businessScope', '经营项目', 'Business items'),
    ],
  },
  {
    code: 'liquor_retail',
    name: '酒类商品零售许可证',
    nameEn: 'Liquor retail licence',
    departmentCode: 'scjg',
    holderKinds: ['enterprise'],
    validYears: 3,
    numberPrefix: 'JL',
    fields: [
      enterpriseName,
      creditCode,
      businessAddress,
      f('liquorTypes', '经营酒类品种', 'Kinds of liquor'),
    ],
  },
  {
    code: 'fire_safety_inspection',
    name: '公众聚集场所投入使用、营业前消防安全检查合格证',
    nameEn: 'Fire safety inspection certificate for public venues',
    departmentCode: 'xf',
    holderKinds: ['enterprise'],
    validYears: null,
    numberPrefix: 'XFJC',
    fields: [
      enterpriseName,
      businessAddress,
      f('floorArea', '使用面积（平方米）', 'Floor area (m²)'),
      f('seats', '座位数', 'Seats'),
    ],
  },
  {
    code: 'birth_certificate',
    name: '出生医学证明',
    nameEn: 'Medical birth certificate',
    departmentCode: 'wj',
    holderKinds: ['citizen'],
    validYears: null,
    numberPrefix: 'CSZM',
    fields: [
      f('babyName', '新生儿姓名', 'Name of the baby'),
      f('babyGender', '性别', 'Sex'),
      f('babyBirthDate', '出生日期', 'Date of birth'),
      f('birthPlace', '出生地点', 'Place of birth'),
      f('motherName', '母亲姓名', 'Mother'),
      f('fatherName', '父亲姓名', 'Father'),
    ],
  },
  {
    code: 'household_register',
    name: '居民户口簿',
    nameEn: 'Household register',
    departmentCode: 'ga',
    holderKinds: ['citizen'],
    validYears: null,
    numberPrefix: 'HKB',
    fields: [
      f('householdAddress', '户籍地址', 'Registered address'),
      f('babyName', '新登记成员', 'Member registered'),
    ],
  },
  {
    code: 'medical_insurance_enrolment',
    name: '城乡居民基本医疗保险参保凭证',
    nameEn: 'Basic medical insurance enrolment certificate',
    departmentCode: 'yb',
    holderKinds: ['citizen'],
    validYears: 1,
    numberPrefix: 'YBCB',
    fields: [
      f('insuredName', '参保人', 'Insured person'),
      f('insuranceType', '参保险种', 'Scheme'),
    ],
  },
  {
    code: 'social_security_card',
    name: '社会保障卡',
    nameEn: 'Social security card',
    departmentCode: 'rs',
    holderKinds: ['citizen'],
    validYears: 10,
    numberPrefix: 'SBK',
    fields: [f('cardholderName', '持卡人', 'Cardholder'), f('bankName', '服务银行', 'Bank')],
  },
  {
    code: 'real_estate_certificate',
    name: '不动产权证书',
    nameEn: 'Real estate title certificate',
    departmentCode: 'ghzy',
    holderKinds: ['citizen', 'enterprise'],
    validYears: null,
    numberPrefix: 'BDC',
    fields: [
      f('propertyAddress', '坐落', 'Location'),
      f('floorArea', '建筑面积（平方米）', 'Floor area (m²)'),
      f('propertyUse', '用途', 'Use'),
    ],
  },
  {
    code: 'marriage_certificate',
    name: '结婚证',
    nameEn: 'Marriage certificate',
    departmentCode: 'mz',
    holderKinds: ['citizen'],
    validYears: null,
    numberPrefix: 'JHZ',
    fields: [
      f('spouseName', '配偶姓名', 'Spouse'),
      f('registrationDate', '登记日期', 'Date registered'),
    ],
  },
  {
    code: 'residence_permit',
    name: '上海市居住证',
    nameEn: 'Shanghai residence permit',
    departmentCode: 'ga',
    holderKinds: ['citizen'],
    validYears: 1,
    numberPrefix: 'JZZ',
    fields: [f('address', '居住地址', 'Address')],
  },
  {
    code: 'drivers_licence',
    name: '机动车驾驶证',
    nameEn: "Driver's licence",
    departmentCode: 'ga',
    holderKinds: ['citizen'],
    validYears: 6,
    numberPrefix: 'JSZ',
    fields: [f('vehicleClass', '准驾车型', 'Vehicle class')],
  },
  {
    code: 'disability_card',
    name: '残疾人证',
    nameEn: 'Disability card',
    departmentCode: 'mz',
    holderKinds: ['citizen'],
    validYears: 10,
    numberPrefix: 'CJR',
    fields: [
      f('disabilityCategory', '残疾类别', 'Category'),
      f('disabilityGrade', '残疾等级', 'Grade'),
    ],
  },
  {
    code: 'construction_permit',
    name: '建筑工程施工许可证',
    nameEn: 'Construction permit',
    departmentCode: 'zj',
    holderKinds: ['enterprise'],
    validYears: null,
    numberPrefix: 'SGXK',
    fields: [
      enterpriseName,
      f('projectName', '工程名称', 'Project'),
      f('projectAddress', '建设地址', 'Site'),
      f('buildingArea', '建设规模（平方米）', 'Floor area (m²)'),
    ],
  },
  {
    code: 'planning_permit',
    name: '建设工程规划许可证',
    nameEn: 'Planning permit for construction works',
    departmentCode: 'ghzy',
    holderKinds: ['enterprise'],
    validYears: null,
    numberPrefix: 'GHXK',
    fields: [
      enterpriseName,
      f('projectName', '项目名称', 'Project'),
      f('projectAddress', '建设位置', 'Site'),
    ],
  },
  {
    code: 'drainage_permit',
    name: '城镇污水排入排水管网许可证',
    nameEn: 'Permit to discharge wastewater into the sewers',
    departmentCode: 'sw',
    holderKinds: ['enterprise'],
    validYears: 5,
    numberPrefix: 'PSXK',
    fields: [
      enterpriseName,
      businessAddress,
      f('dischargeVolume', '排水量（吨/日）', 'Volume (t/day)'),
    ],
  },
  {
    code: 'pollutant_discharge_permit',
    name: '排污许可证',
    nameEn: 'Pollutant discharge permit',
    departmentCode: 'sthj',
    holderKinds: ['enterprise'],
    validYears: 5,
    numberPrefix: 'PWXK',
    fields: [enterpriseName, creditCode, businessAddress, f('industry', '行业类别', 'Industry')],
  },
  {
    code: 'outdoor_ad_permit',
    name: '户外广告设施设置许可证',
    nameEn: 'Outdoor advertising permit',
    departmentCode: 'lhsr',
    holderKinds: ['enterprise'],
    validYears: 3,
    numberPrefix: 'HWGG',
    fields: [
      enterpriseName,
      f('siteAddress', '设置地点', 'Site'),
      f('signArea', '面积（平方米）', 'Area (m²)'),
    ],
  },
  {
    code: 'hazardous_chemicals_permit',
    name: '危险化学品经营许可证',
    nameEn: 'Hazardous chemicals trading permit',
    departmentCode: 'yj',
    holderKinds: ['enterprise'],
    validYears: 3,
    numberPrefix: 'WHJY',
    fields: [enterpriseName, creditCode, businessAddress, f('businessScope', '许可范围', 'Scope')],
  },
  {
    code: 'medical_institution_licence',
    name: '医疗机构执业许可证',
    nameEn: 'Medical institution practising licence',
    departmentCode: 'wj',
    holderKinds: ['enterprise'],
    validYears: 5,
    numberPrefix: 'YLJG',
    fields: [
      enterpriseName,
      businessAddress,
      f('clinicalDepartments', '诊疗科目', 'Clinical departments'),
    ],
  },
  {
    code: 'road_transport_permit',
    name: '道路运输经营许可证',
    nameEn: 'Road transport permit',
    departmentCode: 'jt',
    holderKinds: ['enterprise'],
    validYears: 4,
    numberPrefix: 'DLYS',
    fields: [enterpriseName, creditCode, f('transportScope', '经营范围', 'Scope')],
  },
];

export const licenceTypesByCode = new Map(licenceTypes.map((t) => [t.code, t]));

/** The licence's printed fields: those its type defines, taken from what was supplied. */
export function licenceFields(
  type: LicenceType,
  supplied: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fields) {
    const value = supplied[field.key];
    if (value !== undefined && value !== null && value !== '') out[field.key] = value;
  }
  return out;
}
