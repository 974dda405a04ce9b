import { describe, expect, it } from 'vitest';
import {
  alertDepartmentName,
  alertMatches,
  needsClientAlertFilter,
  readAlertFilters,
  serverAlertQuery,
  withAlertFilter,
  writeAlertFilters,
  type AlertFilters,
} from './alert-filters';

const defaults: AlertFilters = {
  tab: 'alerts',
  status: ['active', 'acknowledged'],
  page: 1,
  pageSize: 20,
};

describe('alert filters in the URL', () => {
  it('start with what still needs handling', () => {
    expect(readAlertFilters(new URLSearchParams())).toEqual(defaults);
    expect(writeAlertFilters(defaults).toString()).toBe('');
  });

  it('tell "every status" (empty) from "the default" (absent)', () => {
    const all = { ...defaults, status: [] };
    expect(writeAlertFilters(all).toString()).toBe('status=');
    expect(readAlertFilters(writeAlertFilters(all)).status).toEqual([]);
  });

  it('read back what was written', () => {
    const filters: AlertFilters = {
      tab: 'incidents',
      status: ['cleared', 'closed'],
      severity: 'critical',
      region: '310115',
      product: 'water-level',
      department: '310115.sthj',
      page: 2,
      pageSize: 50,
      alert: 'a1',
      incident: 'i1',
      incidentStatus: 'open',
    };
    expect(readAlertFilters(writeAlertFilters(filters))).toEqual(filters);
  });

  it('drop unknown statuses and severities', () => {
    const read = readAlertFilters(new URLSearchParams('status=active,exploded&severity=doom'));
    expect(read.status).toEqual(['active']);
    expect(read.severity).toBeUndefined();
  });

  it('start from page one when a filter changes', () => {
    const next = withAlertFilter(
      { ...defaults, page: 5, severity: 'major' },
      {
        severity: undefined,
        region: '310101',
      },
    );
    expect(next).toEqual({ ...defaults, region: '310101' });
  });
});

describe('alert queries', () => {
  it('send statuses and severity to the server, leaving out a filter that selects everything', () => {
    expect(serverAlertQuery({ ...defaults, severity: 'minor' }, 20, 20)).toEqual({
      status: ['active', 'acknowledged'],
      severity: 'minor',
      limit: 20,
      offset: 20,
    });
    expect(
      serverAlertQuery(
        { ...defaults, status: ['active', 'acknowledged', 'cleared', 'closed'] },
        0,
        10,
      ),
    ).toEqual({ limit: 10, offset: 0 });
    expect(serverAlertQuery({ ...defaults, status: [] }, 0, 10)).toEqual({ limit: 10, offset: 0 });
  });

  it('filter region subtree and product in the page', () => {
    const alert = {
      productId: 'water-level',
      gridId: '310101001001',
      streetId: '310101001',
      districtId: '310101',
    };
    expect(needsClientAlertFilter(defaults)).toBe(false);
    expect(needsClientAlertFilter({ ...defaults, region: '310101' })).toBe(true);
    expect(alertMatches(alert, { region: '310101' })).toBe(true);
    expect(alertMatches(alert, { region: '310101001' })).toBe(true);
    expect(alertMatches(alert, { region: '310101001001' })).toBe(true);
    expect(alertMatches(alert, { region: '310104' })).toBe(false);
    expect(alertMatches(alert, { product: 'water-level' })).toBe(true);
    expect(alertMatches(alert, { product: 'manhole-cover', region: '310101' })).toBe(false);
    expect(
      alertMatches(
        { productId: 'x', gridId: null, streetId: null, districtId: null },
        {
          region: '310101',
        },
      ),
    ).toBe(false);
  });
});

describe('the owning department', () => {
  it('is a server-side filter, kept in the URL and starting from page one', () => {
    expect(writeAlertFilters({ ...defaults, department: '310101.cg' }).toString()).toBe(
      'department=310101.cg',
    );
    expect(needsClientAlertFilter({ ...defaults, department: '310101.cg' })).toBe(false);
    expect(serverAlertQuery({ ...defaults, department: '310101.cg' }, 0, 20)).toEqual({
      status: ['active', 'acknowledged'],
      departmentId: '310101.cg',
      limit: 20,
      offset: 0,
    });
    const next = withAlertFilter(
      { ...defaults, page: 3, department: '310101.cg' },
      {
        department: undefined,
      },
    );
    expect(next).toEqual(defaults);
  });

  it('is named in the UI’s language, by id when unknown, empty when the device has none', () => {
    const owned = {
      departmentId: '310101.cg',
      departmentName: '黄浦区城市管理行政执法局',
      departmentNameEn: 'Huangpu Urban Management',
    };
    expect(alertDepartmentName(owned, 'zh-CN')).toBe('黄浦区城市管理行政执法局');
    expect(alertDepartmentName(owned, 'en-US')).toBe('Huangpu Urban Management');
    expect(
      alertDepartmentName(
        { departmentId: 'gone', departmentName: null, departmentNameEn: null },
        'en-US',
      ),
    ).toBe('gone');
    expect(
      alertDepartmentName(
        { departmentId: null, departmentName: null, departmentNameEn: null },
        'zh-CN',
      ),
    ).toBe('');
  });
});
