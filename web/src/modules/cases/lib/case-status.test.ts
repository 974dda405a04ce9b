import { describe, expect, it } from 'vitest';
import type { CaseSummary, Department, TimelineEntry } from '../api/cases-api';
import {
  assigneeOf,
  boardColumnOf,
  citizenStatusOf,
  citizenStepIndex,
  classNameOf,
  districtOf,
  groupByColumn,
  placeOf,
  replyOf,
} from './case-status';

const entry = (action: string, note: string | null, at: string): TimelineEntry => ({
  id: 1,
  at,
  action,
  actorName: '黄浦区受理员',
  actorRole: 'acceptor',
  fromStage: null,
  toStage: null,
  note,
  photoIds: [],
  details: {},
});

function summary(number: string, more: Partial<CaseSummary>): CaseSummary {
  return {
    id: number,
    number,
    stage: 'registered',
    extensionRequest: null,
    overdue: false,
    supervised: false,
    deadlineAt: null,
    ...more,
  } as CaseSummary;
}

describe('what a citizen reads', () => {
  it('folds the ten stages into a few plain ones', () => {
    expect(citizenStatusOf('collected')).toBe('received');
    expect(citizenStatusOf('registered')).toBe('accepted');
    expect(citizenStatusOf('verifying')).toBe('handling');
    expect(citizenStatusOf('closed')).toBe('done');
    expect(citizenStatusOf('rejected')).toBe('rejected');
    expect(citizenStepIndex('handling')).toBe(2);
    expect(citizenStepIndex('merged')).toBe(-1);
  });

  it('takes the reply from the latest close, or the reason for not registering', () => {
    const timeline = [
      entry('collect', null, '2026-11-22T01:00:00Z'),
      entry('close', '第一次结案', '2026-11-23T01:00:00Z'),
      entry('reopen', '市民反映仍有问题', '2026-11-24T01:00:00Z'),
      entry('close', '已彻底修复，感谢反映', '2026-11-25T01:00:00Z'),
    ];
    expect(replyOf({ stage: 'closed', timeline })).toEqual({
      action: 'close',
      at: '2026-11-25T01:00:00Z',
      note: '已彻底修复，感谢反映',
    });
    expect(
      replyOf({ stage: 'rejected', timeline: [entry('reject', '不属于城市管理范围', 'x')] })?.note,
    ).toBe('不属于城市管理范围');
    expect(replyOf({ stage: 'handling', timeline })).toBeNull();
    expect(replyOf({ stage: 'closed', timeline: [entry('close', null, 'x')] })).toBeNull();
  });
});

describe('who holds a case', () => {
  const departments = new Map<string, Department>([
    [
      '310101.sthj',
      {
        id: '310101.sthj',
        code: 'sthj',
        name: '黄浦区生态环境局',
        shortName: '生态环境',
        nameEn: 'Huangpu Ecology and Environment Bureau',
        regionId: '310101',
      },
    ],
  ]);

  it('names the department, the grid, or nobody', () => {
    expect(
      assigneeOf({ assigneeDepartmentId: '310101.sthj', keptInGrid: false }, departments),
    ).toEqual({ kind: 'department', name: '黄浦区生态环境局' });
    expect(assigneeOf({ assigneeDepartmentId: null, keptInGrid: true }, departments)).toEqual({
      kind: 'grid',
    });
    expect(assigneeOf({ assigneeDepartmentId: null, keptInGrid: false }, departments)).toBeNull();
    expect(
      assigneeOf({ assigneeDepartmentId: '310104.cg', keptInGrid: false }, departments),
    ).toEqual({ kind: 'department', name: '310104.cg' });
  });
});

describe('the dispatcher board', () => {
  it('puts each case in one column, an extension request before its stage', () => {
    expect(boardColumnOf({ stage: 'registered', extensionRequest: null })).toBe('to_dispatch');
    expect(boardColumnOf({ stage: 'reported_back', extensionRequest: null })).toBe('to_verify');
    expect(boardColumnOf({ stage: 'handling', extensionRequest: { hours: 4, reason: null } })).toBe(
      'extension',
    );
    expect(boardColumnOf({ stage: 'handling', extensionRequest: null })).toBe('in_progress');
    expect(boardColumnOf({ stage: 'closed', extensionRequest: null })).toBeNull();
  });

  it('sorts overdue and supervised cases first, then by deadline, and drops repeats', () => {
    const a = summary('A', { deadlineAt: '2026-11-23T05:00:00Z' });
    const b = summary('B', { deadlineAt: '2026-11-23T03:00:00Z' });
    const c = summary('C', { supervised: true, deadlineAt: '2026-11-24T03:00:00Z' });
    const d = summary('D', { overdue: true, deadlineAt: '2026-11-22T03:00:00Z' });
    const columns = groupByColumn([a, b, c, d, a]);
    expect(columns.to_dispatch.map((x) => x.number)).toEqual(['D', 'C', 'B', 'A']);
    expect(columns.in_progress).toEqual([]);
  });
});

describe('where a dispatcher may send a case', () => {
  it('offers the district’s bureaus, then the city’s, never another district’s', async () => {
    const { dispatchTargets } = await import('./case-departments');
    const d = (id: string, regionId: string) =>
      ({ id, code: id.split('.').pop() ?? id, regionId }) as Department;
    const groups = dispatchTargets(
      [
        d('310101.sthj', '310101'),
        d('310000.jt', '310000'),
        d('310104.cg', '310104'),
        d('310101.cg', '310101'),
      ],
      '310101',
    );
    expect(groups.district.map((x) => x.id)).toEqual(['310101.cg', '310101.sthj']);
    expect(groups.city.map((x) => x.id)).toEqual(['310000.jt']);
  });
});

describe('the timeline', () => {
  it('names people’s steps by their action and the platform’s entries by their event', async () => {
    const { timelineLabelOf, timelineColorOf, actorRoleOf } = await import('./case-status');
    expect(timelineLabelOf('dispatch')).toEqual({ type: 'action', action: 'dispatch' });
    expect(timelineLabelOf('collect')).toEqual({ type: 'event', event: 'collect' });
    expect(timelineLabelOf('something_new')).toEqual({ type: 'other', text: 'something_new' });
    expect(timelineColorOf('fail_verification')).toBe('red');
    expect(timelineColorOf('close')).toBe('green');
    expect(timelineColorOf('register')).toBe('blue');
    expect(actorRoleOf('grid_worker')).toBe('grid_worker');
    expect(actorRoleOf('robot')).toBeNull();
    expect(actorRoleOf(null)).toBeNull();
  });
});

describe('department names', () => {
  it('follow the interface language, and fall back to the id', async () => {
    const { departmentName } = await import('./case-status');
    const departments = new Map<string, Department>([
      [
        '310101.sthj',
        {
          id: '310101.sthj',
          code: 'sthj',
          name: '黄浦区生态环境局',
          shortName: '生态环境',
          nameEn: 'Huangpu Ecology and Environment Bureau',
          regionId: '310101',
        },
      ],
    ]);
    expect(departmentName(departments, '310101.sthj', 'zh-CN')).toBe('黄浦区生态环境局');
    expect(departmentName(departments, '310101.sthj', 'en-US')).toBe(
      'Huangpu Ecology and Environment Bureau',
    );
    expect(departmentName(departments, '310104.cg', 'en-US')).toBe('310104.cg');
  });
});

describe('class and place in the interface language', () => {
  const c = {
    className: '街面秩序 / 电瓶车乱停放',
    classNameEn: 'Street order / E-bikes parked in the wrong place',
    regionNames: { district: '黄浦区', street: '南京东路街道', grid: '龙泉园路居委会' },
    districtNameEn: 'Huangpu District',
  };

  it('uses the English class and district names in English, the Chinese ones in Chinese', () => {
    expect(classNameOf(c, 'en-US')).toBe('Street order / E-bikes parked in the wrong place');
    expect(classNameOf(c, 'zh-CN')).toBe('街面秩序 / 电瓶车乱停放');
    expect(placeOf(c, 'zh-CN')).toBe('黄浦区 / 南京东路街道 / 龙泉园路居委会');
    // Streets and grids have no English names: they stay Chinese.
    expect(placeOf(c, 'en-US')).toBe('Huangpu District / 南京东路街道 / 龙泉园路居委会');
    expect(districtOf(c, 'en-US')).toBe('Huangpu District');
  });

  it('falls back to Chinese when there is no English name', () => {
    const bare = { ...c, districtNameEn: null, classNameEn: '' };
    expect(placeOf(bare, 'en-US')).toBe('黄浦区 / 南京东路街道 / 龙泉园路居委会');
    expect(classNameOf(bare, 'en-US')).toBe('街面秩序 / 电瓶车乱停放');
  });
});
