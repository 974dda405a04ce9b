import { describe, expect, it } from 'vitest';
import {
  caseListQuery,
  readCaseFilters,
  readCaseTab,
  tabsForRoles,
  withCaseFilter,
  writeCaseFilters,
  type CaseFilters,
} from './case-filters';

const base: CaseFilters = { page: 1, pageSize: 20 };

describe('case filters in the URL', () => {
  it('read back what was written', () => {
    const filters: CaseFilters = {
      classId: 'E0501',
      source: 'citizen',
      region: '310101002',
      overdue: true,
      supervised: true,
      stage: 'handling',
      q: 'HP-2026',
      page: 3,
      pageSize: 50,
    };
    const params = writeCaseFilters('all', filters);
    expect(readCaseTab(params, 'accept')).toBe('all');
    expect(readCaseFilters(params)).toEqual(filters);
  });

  it('leave defaults out of the URL and keep the stage only on the "all" tab', () => {
    expect(writeCaseFilters('accept', base).toString()).toBe('tab=accept');
    expect(writeCaseFilters('accept', { ...base, stage: 'closed' }).has('stage')).toBe(false);
  });

  it('ignore values the server would refuse', () => {
    const filters = readCaseFilters(
      new URLSearchParams(
        'class=E99&source=fax&stage=lost&page=-2&pageSize=33&overdue=yes&q=%20%20',
      ),
    );
    expect(filters).toEqual(base);
  });

  it('fall back to the given tab for an unknown one', () => {
    expect(readCaseTab(new URLSearchParams('tab=nope'), 'dispatch')).toBe('dispatch');
  });

  it('start from page 1 when a filter changes and drop cleared ones', () => {
    const next = withCaseFilter(
      { ...base, page: 4, overdue: true, q: 'x' },
      { overdue: false, q: undefined, classId: 'C0101' },
    );
    expect(next).toEqual({ page: 1, pageSize: 20, classId: 'C0101' });
  });
});

describe('the list query for a tab', () => {
  it('asks the server for the queue and passes the filters as its parameters', () => {
    expect(
      caseListQuery('accept', {
        ...base,
        page: 2,
        classId: 'E0302',
        source: 'grid_worker',
        region: '310101',
        overdue: true,
        q: '扬尘',
      }),
    ).toEqual({
      queue: 'accept',
      classId: 'E0302',
      source: 'grid_worker',
      regionId: '310101',
      overdue: true,
      q: '扬尘',
      limit: 20,
      offset: 20,
    });
  });

  it('uses no queue on the "all" tab, where the stage filter applies', () => {
    expect(caseListQuery('all', { ...base, stage: 'closed' })).toEqual({
      stage: ['closed'],
      limit: 20,
      offset: 0,
    });
    expect(caseListQuery('verify', { ...base, stage: 'closed' })).toEqual({
      queue: 'verify',
      limit: 20,
      offset: 0,
    });
  });
});

describe('tabs by role', () => {
  it('opens each role on its own queue', () => {
    expect(tabsForRoles(['acceptor'])).toEqual(['accept', 'close', 'all']);
    expect(tabsForRoles(['dispatcher'])).toEqual(['dispatch', 'close', 'all']);
    expect(tabsForRoles(['handler'])).toEqual(['department', 'all']);
    expect(tabsForRoles(['grid_worker'])).toEqual(['verify', 'department', 'all']);
  });

  it('joins the queues of several roles without repeats, and always offers "all"', () => {
    expect(tabsForRoles(['dispatcher', 'acceptor'])).toEqual([
      'accept',
      'close',
      'dispatch',
      'all',
    ]);
    expect(tabsForRoles(['reviewer'])).toEqual(['all']);
  });
});
