import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/problem';
import {
  formatDateTime,
  formatReading,
  isMissingRecord,
  isQualityIssueKind,
  maskSecret,
  regionPathText,
} from './display';

describe('formatDateTime', () => {
  it('shows city time (UTC+8) whatever zone the machine is in', () => {
    expect(formatDateTime('2026-11-22T07:05:09Z', 'zh-CN')).toBe('2026/11/22 15:05:09');
    expect(formatDateTime('2026-11-22T16:30:00Z', 'zh-CN', { seconds: false })).toBe(
      '2026/11/23 00:30',
    );
    expect(formatDateTime(Date.parse('2026-01-02T03:04:05Z'), 'en-US')).toBe(
      '01/02/2026, 11:04:05',
    );
  });

  it('gives nothing for a missing or unreadable time', () => {
    expect(formatDateTime(null, 'zh-CN')).toBe('');
    expect(formatDateTime('yesterday', 'zh-CN')).toBe('');
  });
});

describe('maskSecret', () => {
  it('keeps only the ends of a credential', () => {
    expect(maskSecret('abcd1234efgh5678ijkl')).toBe('abcd••••••••ijkl');
  });

  it('hides a short credential completely', () => {
    expect(maskSecret('short-token')).toBe('••••••••');
    expect(maskSecret('')).toBe('••••••••');
  });
});

describe('formatReading', () => {
  it('rounds numbers and adds the unit', () => {
    expect(formatReading(3.14159, '°')).toBe('3.142 °');
    expect(formatReading(42, 'dBm')).toBe('42 dBm');
    expect(formatReading(7, null)).toBe('7');
  });

  it('spells out other values', () => {
    expect(formatReading('running', undefined)).toBe('running');
    expect(formatReading({ lat: 31.2, lng: 121.5 }, undefined)).toBe('{"lat":31.2,"lng":121.5}');
    expect(formatReading(null, 'm')).toBe('—');
  });
});

describe('regionPathText', () => {
  it('joins the known levels from district down, by name or else by id', () => {
    expect(
      regionPathText([{ id: '310101', name: '黄浦区' }, { id: '310101002', name: null }, null]),
    ).toBe('黄浦区 / 310101002');
    expect(regionPathText([null, null, null])).toBe('');
  });
});

describe('isQualityIssueKind', () => {
  it('knows the kinds ingest counts', () => {
    expect(isQualityIssueKind('out_of_range')).toBe(true);
    expect(isQualityIssueKind('cosmic_ray')).toBe(false);
  });
});

describe('a missing record', () => {
  it('is a 404, or an id the path cannot take', () => {
    expect(
      isMissingRecord(new ApiError({ status: 404, detail: 'device x does not exist' }, 'x')),
    ).toBe(true);
    const badId = new ApiError(
      {
        status: 400,
        code: 'validation_failed',
        detail: 'params.id: must match format "uuid"',
        errors: [{ path: 'params.id', message: 'must match format "uuid"' }],
      },
      'x',
    );
    expect(isMissingRecord(badId)).toBe(true);
  });

  it('is not any other failure', () => {
    const badQuery = new ApiError(
      { status: 400, errors: [{ path: 'querystring.limit', message: 'too big' }] },
      'x',
    );
    expect(isMissingRecord(badQuery)).toBe(false);
    expect(isMissingRecord(new ApiError({ status: 403 }, 'x'))).toBe(false);
    expect(isMissingRecord(new ApiError({ status: 0, code: 'network_error' }, 'x'))).toBe(false);
    expect(isMissingRecord(new Error('boom'))).toBe(false);
  });
});
