import { describe, expect, it } from 'vitest';
import {
  csvFileName,
  drillRegion,
  evaluationQuery,
  formatHours,
  formatRate,
  readEvaluationParams,
  writeEvaluationParams,
  type EvaluationParams,
} from './case-evaluation';

describe('evaluation choices in the URL', () => {
  it('read back what was written', () => {
    const choice: EvaluationParams = {
      groupBy: 'period',
      region: '310101',
      from: '2026-11-01',
      to: '2026-11-30',
      interval: 'week',
    };
    expect(readEvaluationParams(writeEvaluationParams(choice))).toEqual(choice);
  });

  it('default to departments by day and drop what the server would refuse', () => {
    expect(
      readEvaluationParams(new URLSearchParams('groupBy=team&from=yesterday&interval=hour')),
    ).toEqual({ groupBy: 'department', interval: 'day' });
  });

  it('turn a backwards range the right way round', () => {
    const read = readEvaluationParams(new URLSearchParams('from=2026-11-30&to=2026-11-01'));
    expect([read.from, read.to]).toEqual(['2026-11-01', '2026-11-30']);
  });

  it('ask for an interval only when grouping by period', () => {
    expect(evaluationQuery({ groupBy: 'department', interval: 'month' })).toEqual({
      groupBy: 'department',
    });
    expect(
      evaluationQuery({
        groupBy: 'period',
        interval: 'month',
        region: '310101',
        from: '2026-11-01',
      }),
    ).toEqual({ groupBy: 'period', interval: 'month', regionId: '310101', from: '2026-11-01' });
  });
});

describe('evaluation figures', () => {
  it('show rates as percentages and 0/0 as a dash', () => {
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
    expect(formatHours(3.14159)).toBe('3.1');
    expect(formatHours(250.4)).toBe('250');
    expect(formatHours(null)).toBe('—');
  });

  it('save the CSV under the server’s name', () => {
    const choice: EvaluationParams = { groupBy: 'region', interval: 'day' };
    expect(
      csvFileName(
        'attachment; filename="case-evaluation-region-310101-20261101-20261130.csv"',
        choice,
      ),
    ).toBe('case-evaluation-region-310101-20261101-20261130.csv');
    expect(csvFileName(null, choice)).toBe('case-evaluation-region.csv');
  });

  it('lets region rows open one level down, never the total', () => {
    expect(drillRegion('region', '310101002')).toBe('310101002');
    expect(drillRegion('region', 'total')).toBeNull();
    expect(drillRegion('department', '310101.cg')).toBeNull();
  });
});
