import { describe, expect, it } from 'vitest';
import {
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
