import { describe, expect, it } from 'vitest';
import type { CaseClass } from '../api/cases-api';
import { bigClassesOf, classLabel, classOptions, classPath, smallClassesOf } from './case-classes';
import {
  duplicateCheckKey,
  geolocationFailureOf,
  intakeBody,
  nextReportStep,
  reportProblems,
  type ReportDraft,
} from './case-report';

const draft: ReportDraft = {
  classId: 'E0302',
  description: ' 工地裸土未覆盖 ',
  address: ' 龙泉园路 18 号 ',
  point: { lng: 121.49012345678, lat: 31.2157, via: 'gps', accuracy: 12 },
  photoIds: ['p1'],
};

describe('a report', () => {
  it('needs a class, a description and a point; grid workers also a photo', () => {
    const empty: ReportDraft = { description: ' ', address: '', point: null, photoIds: [] };
    expect(reportProblems(empty, { photoRequired: true })).toEqual([
      'class',
      'description',
      'point',
      'photo',
    ]);
    expect(reportProblems({ ...draft, photoIds: [] }, { photoRequired: false })).toEqual([]);
  });

  it('becomes the intake body, trimmed and rounded to six decimals', () => {
    expect(intakeBody(draft)).toEqual({
      classId: 'E0302',
      description: '工地裸土未覆盖',
      address: '龙泉园路 18 号',
      lng: 121.490123,
      lat: 31.2157,
      photoIds: ['p1'],
    });
    expect(intakeBody({ ...draft, address: '', photoIds: [] })).not.toHaveProperty('address');
    expect(() => intakeBody({ ...draft, point: null })).toThrow();
  });

  it('carries the reporter\'s "not the same problem" as notDuplicateOf', () => {
    expect(intakeBody(draft, ['a', 'b'])).toMatchObject({ notDuplicateOf: ['a', 'b'] });
    expect(intakeBody(draft, [])).not.toHaveProperty('notDuplicateOf');
  });

  it('checks for duplicates before sending, and asks when there are some', () => {
    const key = duplicateCheckKey(draft) as string;
    expect(key).toBe('E0302@121.490123,31.2157');
    expect(duplicateCheckKey({ classId: 'E0302', point: null })).toBeNull();
    // No check yet, or one made for another class or point: check (again).
    expect(nextReportStep(draft, null, false)).toEqual({ kind: 'check' });
    expect(nextReportStep(draft, { key: 'E0301@121.490123,31.2157', shownIds: [] }, true)).toEqual({
      kind: 'check',
    });
    // Nothing nearby: send as it is.
    expect(nextReportStep(draft, { key, shownIds: [] }, false)).toEqual({
      kind: 'send',
      notDuplicateOf: [],
    });
    // Something nearby: ask; "不是同一件事" sends with the ids that were shown.
    expect(nextReportStep(draft, { key, shownIds: ['x', 'y'] }, false)).toEqual({ kind: 'ask' });
    expect(nextReportStep(draft, { key, shownIds: ['x', 'y'] }, true)).toEqual({
      kind: 'send',
      notDuplicateOf: ['x', 'y'],
    });
  });

  it('explains why the GPS gave no position', () => {
    expect(geolocationFailureOf(1)).toBe('denied');
    expect(geolocationFailureOf(2)).toBe('unavailable');
    expect(geolocationFailureOf(3)).toBe('timeout');
    expect(geolocationFailureOf(null)).toBe('unsupported');
  });
});

const cls = (id: string, bigName: string, smallName: string, enabled = true): CaseClass =>
  ({
    id,
    kind: id.startsWith('C') ? 'component' : 'event',
    bigCode: id.slice(1, 3),
    bigName,
    smallCode: id.slice(3),
    smallName,
    enabled,
  }) as CaseClass;

describe('the class picker', () => {
  const classes = [
    cls('E0502', '街面秩序', '占道经营'),
    cls('C0101', '公用设施', '井盖破损'),
    cls('E0501', '街面秩序', '电瓶车乱停放'),
    cls('E0101', '市容环境', '暴露垃圾'),
    cls('E0601', '其他', '停用的', false),
  ];

  it('groups small classes under big classes, events first, codes in order', () => {
    expect(classOptions(classes, { event: '事件', component: '部件' })).toEqual([
      {
        value: 'event',
        label: '事件',
        children: [
          {
            value: 'event:01',
            label: '01 市容环境',
            children: [{ value: 'E0101', label: '01 暴露垃圾' }],
          },
          {
            value: 'event:05',
            label: '05 街面秩序',
            children: [
              { value: 'E0501', label: '01 电瓶车乱停放' },
              { value: 'E0502', label: '02 占道经营' },
            ],
          },
        ],
      },
      {
        value: 'component',
        label: '部件',
        children: [
          {
            value: 'component:01',
            label: '01 公用设施',
            children: [{ value: 'C0101', label: '01 井盖破损' }],
          },
        ],
      },
    ]);
  });

  it('finds the path and the name of a class', () => {
    expect(classPath(classes, 'E0501')).toEqual(['event', 'event:05', 'E0501']);
    expect(classPath(classes, 'E9999')).toEqual([]);
    expect(classLabel(classes, 'C0101')).toBe('公用设施 / 井盖破损');
    expect(classLabel(classes, 'E9999')).toBe('E9999');
  });

  it('names classes in English under the English switch, in Chinese when no English exists', () => {
    const en = [
      {
        ...cls('E0501', '街面秩序', '电瓶车乱停放'),
        bigNameEn: 'Street order',
        smallNameEn: 'E-bikes',
      },
      cls('C0101', '公用设施', '井盖破损'),
    ];
    expect(classLabel(en, 'E0501', 'en-US')).toBe('Street order / E-bikes');
    expect(classLabel(en, 'E0501', 'zh-CN')).toBe('街面秩序 / 电瓶车乱停放');
    expect(classLabel(en, 'C0101', 'en-US')).toBe('公用设施 / 井盖破损');
    expect(bigClassesOf(en, 'en-US').map((b) => b.name)).toEqual(['Street order', '公用设施']);
    expect(classOptions(en, { event: 'Event', component: 'Component' }, 'en-US')[0]).toMatchObject({
      children: [{ label: '05 Street order', children: [{ value: 'E0501', label: '01 E-bikes' }] }],
    });
  });

  it('offers big classes, then the small classes under the chosen one', () => {
    expect(bigClassesOf(classes)).toEqual([
      { key: 'event:01', kind: 'event', name: '市容环境' },
      { key: 'event:05', kind: 'event', name: '街面秩序' },
      { key: 'component:01', kind: 'component', name: '公用设施' },
    ]);
    expect(smallClassesOf(classes, 'event:05').map((c) => c.id)).toEqual(['E0501', 'E0502']);
    expect(smallClassesOf(classes, 'event:06')).toEqual([]);
    expect(smallClassesOf(classes, undefined)).toEqual([]);
  });
});
