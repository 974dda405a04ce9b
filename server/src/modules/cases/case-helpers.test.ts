import { describe, expect, it } from 'vitest';
import { matchAlertMapping, priorityFor, type AlertMapping } from './alert-mapping.ts';
import { formatCaseNumber } from './case-number.ts';
import { buildComponentId, isValidComponentId, parseComponentId } from './component-id.ts';
import { resolveAssignment, type ResolutionInput } from './dispatch-resolution.ts';
import {
  bigClasses,
  bigClassesEn,
  classNamesEn,
  gbt30428Classes,
  smallClassNamesEn,
} from './gbt30428-catalog.ts';
import { districtNamesEn } from './place-names-en.ts';
import { boundingBox, haversineMeters } from './geo-distance.ts';
import { sniffImageType } from './image-sniff.ts';

describe('GB/T 30428 component identifiers', () => {
  it('builds and parses the 16-digit form: county + big class + small class + serial', () => {
    const id = buildComponentId({
      countyCode: '310101',
      bigCode: '01',
      smallCode: '02',
      serial: 123,
    });
    expect(id).toBe('3101010102000123');
    expect(parseComponentId(id)).toEqual({
      countyCode: '310101',
      bigCode: '01',
      smallCode: '02',
      serial: 123,
    });
  });

  it('refuses malformed identifiers', () => {
    expect(isValidComponentId('310101010200012')).toBe(false); // 15 digits
    expect(isValidComponentId('31010101020001234')).toBe(false); // 17
    expect(isValidComponentId('3101010002000123')).toBe(false); // big class 00
    expect(isValidComponentId('3101010100000123')).toBe(false); // small class 00
    expect(isValidComponentId('3101000102000123')).toBe(false); // a city code, not a county
    expect(isValidComponentId('9901010102000123')).toBe(false); // no province 99
    expect(isValidComponentId('3101010102000000')).toBe(false); // serial 0
    expect(isValidComponentId('31010101020001a3')).toBe(false);
    expect(() =>
      buildComponentId({ countyCode: '310101', bigCode: '1', smallCode: '02', serial: 1 }),
    ).toThrow(RangeError);
  });
});

describe('the seeded classification', () => {
  it('has the big classes of the issue and at least 40 small classes with unique codes', () => {
    expect(Object.values(bigClasses.component)).toEqual([
      '公用设施',
      '道路交通',
      '市容环境',
      '园林绿化',
      '房屋土地',
      '其他设施',
    ]);
    expect(Object.values(bigClasses.event)).toEqual([
      '市容环境',
      '宣传广告',
      '施工管理',
      '突发事件',
      '街面秩序',
      '其他',
    ]);
    expect(gbt30428Classes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(gbt30428Classes.map((c) => c.id)).size).toBe(gbt30428Classes.length);
    const names = gbt30428Classes.map((c) => c.smallName);
    for (const name of [
      '井盖破损',
      '路灯不亮',
      '暴露垃圾',
      '非法小广告',
      '施工占道',
      '工地扬尘',
      '道路积水',
      '路面塌陷',
      '玻璃幕墙破损',
      '乱堆物堆料',
      '电瓶车乱停放',
      '群租',
      '噪音扰民',
      '广告牌倾斜',
    ]) {
      expect(names).toContain(name);
    }
    for (const c of gbt30428Classes) {
      for (const stages of Object.values(c.deadlines)) {
        expect(stages.dispatch).toBeGreaterThan(0);
        expect(stages.handle).toBeGreaterThanOrEqual(stages.dispatch);
      }
    }
  });
});

describe('English names (the English switch)', () => {
  it('every class, big and small, has an English name, and no English name is Chinese', () => {
    const han = /\p{Script=Han}/u;
    for (const kind of ['component', 'event'] as const) {
      expect(Object.keys(bigClassesEn[kind]).sort()).toEqual(Object.keys(bigClasses[kind]).sort());
    }
    for (const c of gbt30428Classes) {
      const en = classNamesEn(c);
      expect(smallClassNamesEn[c.id], c.id).toBeTruthy();
      expect(en.nameEn, c.id).toBe(`${en.bigNameEn} / ${en.smallNameEn}`);
      expect(han.test(en.nameEn), en.nameEn).toBe(false);
    }
    expect(Object.keys(smallClassNamesEn).sort()).toEqual(gbt30428Classes.map((c) => c.id).sort());
    const names = gbt30428Classes.map((c) => classNamesEn(c).smallNameEn);
    expect(new Set(names).size).toBe(names.length);
    expect(classNamesEn({ id: 'E0799', kind: 'event', bigCode: '07', smallCode: '99' })).toEqual({
      bigNameEn: 'Class 07',
      smallNameEn: 'Event E0799',
      nameEn: 'Class 07 / Event E0799',
    });
  });

  it('names the districts of the demo city in English', () => {
    expect(Object.keys(districtNamesEn)).toHaveLength(16);
    expect(districtNamesEn['310101']).toBe('Huangpu District');
    expect(districtNamesEn['310115']).toBe('Pudong New Area');
  });
});

describe('case numbers', () => {
  it('reads as district – local date – daily serial', () => {
    expect(formatCaseNumber('310101', '2026-11-22', 123)).toBe('HP-20261122-000123');
    expect(formatCaseNumber('310115', '2026-01-05', 7)).toBe('PD-20260105-000007');
    expect(formatCaseNumber('999999', '2026-01-05', 7)).toBe('999999-20260105-000007');
  });
});

describe('distances for duplicate detection', () => {
  it('measures metres on the ground and boxes a radius generously', () => {
    const bund: [number, number] = [121.4905, 31.2397];
    // 0.0005° of latitude is about 55.6 m.
    expect(haversineMeters(bund, [bund[0], bund[1] + 0.0005])).toBeCloseTo(55.6, 0);
    expect(haversineMeters(bund, bund)).toBe(0);
    const box = boundingBox(bund, 50);
    const east: [number, number] = [box.maxLng, bund[1]];
    expect(haversineMeters(bund, east)).toBeGreaterThanOrEqual(49.9);
    expect(box.maxLat - box.minLat).toBeGreaterThan(0);
  });
});

describe('photo sniffing by magic numbers', () => {
  const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array(16).fill(0)]);
  it('knows JPEG, PNG and WebP, and nothing else', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    const webp = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WEBPVP8 '),
      Buffer.alloc(8),
    ]);
    expect(sniffImageType(webp)).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a-----------'))).toBeNull();
    expect(sniffImageType(Buffer.from('%PDF-1.7 not an image'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('alert → case mappings', () => {
  const base = { ruleId: null, productId: null, onCleared: 'close' as const, enabled: true };
  const mappings: AlertMapping[] = [
    { ...base, id: 'any', minSeverity: 'major', classId: 'E0604', priority: 'normal' },
    {
      ...base,
      id: 'product',
      productId: 'billboard-tilt',
      minSeverity: 'warning',
      classId: 'C0303',
      priority: 'important',
    },
    {
      ...base,
      id: 'rule',
      ruleId: 'r1',
      productId: 'billboard-tilt',
      minSeverity: 'info',
      classId: 'C0304',
      priority: 'urgent',
    },
  ];
  it('takes the most specific mapping that admits the severity', () => {
    const alert = { ruleId: 'r9', productId: 'billboard-tilt', severity: 'minor' as const };
    expect(matchAlertMapping(mappings, alert)?.id).toBe('product');
    expect(matchAlertMapping(mappings, { ...alert, ruleId: 'r1' })?.id).toBe('rule');
    expect(
      matchAlertMapping(mappings, { ...alert, productId: 'x', severity: 'critical' })?.id,
    ).toBe('any');
    expect(matchAlertMapping(mappings, { ...alert, productId: 'x', severity: 'minor' })).toBeNull();
    expect(
      matchAlertMapping(
        mappings.map((m) => ({ ...m, enabled: false })),
        alert,
      ),
    ).toBeNull();
  });
  it('makes a critical alert urgent whatever the mapping says', () => {
    expect(priorityFor(mappings[0] as AlertMapping, 'critical')).toBe('urgent');
    expect(priorityFor(mappings[0] as AlertMapping, 'major')).toBe('normal');
  });
});

describe('dispatch rule resolution', () => {
  const departments = new Map(
    ['310000.cg', '310101.cg', '310101.lhsr', '310101.jt', '310000.xf'].map((id) => {
      const [regionId, code] = id.split('.') as [string, string];
      return [id, { id, code, regionId, name: id }];
    }),
  );
  const input = (over: Partial<ResolutionInput> = {}): ResolutionInput => ({
    departmentCode: 'cg',
    keepInGrid: false,
    rules: [],
    chain: ['310101002001', '310101002', '310101', '310000'],
    gridId: '310101002001',
    districtId: '310101',
    cityId: '310000',
    departments: {
      get: (id) => departments.get(id) ?? null,
      inRegion: (regionId, code) => departments.get(`${regionId}.${code}`) ?? null,
    },
    ...over,
  });
  it('uses the class default in the case’s district, or the city’s bureau when the district has none', () => {
    expect(resolveAssignment(input())).toEqual({
      kind: 'department',
      departmentId: '310101.cg',
      ruleId: null,
    });
    expect(resolveAssignment(input({ departmentCode: 'xf' }))).toEqual({
      kind: 'department',
      departmentId: '310000.xf',
      ruleId: null,
    });
    expect(resolveAssignment(input({ departmentCode: 'nope' }))).toBeNull();
    expect(resolveAssignment(input({ keepInGrid: true }))).toEqual({
      kind: 'grid',
      gridId: '310101002001',
      ruleId: null,
    });
  });
  it('lets the deepest region’s rule win', () => {
    const rules = [
      {
        id: 'city',
        regionId: '310000',
        target: 'department_code' as const,
        departmentCode: 'lhsr',
        departmentId: null,
      },
      {
        id: 'street',
        regionId: '310101002',
        target: 'department' as const,
        departmentCode: null,
        departmentId: '310101.jt',
      },
    ];
    expect(resolveAssignment(input({ rules }))).toEqual({
      kind: 'department',
      departmentId: '310101.jt',
      ruleId: 'street',
    });
    expect(resolveAssignment(input({ rules: rules.slice(0, 1) }))).toEqual({
      kind: 'department',
      departmentId: '310101.lhsr',
      ruleId: 'city',
    });
    const grid = [
      {
        id: 'g',
        regionId: '310101',
        target: 'grid' as const,
        departmentCode: null,
        departmentId: null,
      },
    ];
    expect(resolveAssignment(input({ rules: grid }))).toEqual({
      kind: 'grid',
      gridId: '310101002001',
      ruleId: 'g',
    });
  });
});
