import { describe, expect, it } from 'vitest';
import { scannerLiveness, suggestScannerId, summarizeScenes } from './scan-stats';

describe('scan statistics per scene', () => {
  it('sums a window, with deny rate, scans per minute and the busiest minute, busiest first', () => {
    const summary = summarizeScenes(
      [
        {
          sceneId: 'pool',
          name: '游泳馆',
          allowed: 0,
          denied: 0,
          perMinute: [{ minute: 'a', allowed: 0, denied: 0 }],
        },
        {
          sceneId: 'clinic',
          name: '门诊',
          allowed: 90,
          denied: 30,
          perMinute: [
            { minute: 'a', allowed: 50, denied: 10 },
            { minute: 'b', allowed: 40, denied: 20 },
          ],
        },
      ],
      60,
    );
    expect(summary.map((s) => s.sceneId)).toEqual(['clinic', 'pool']);
    expect(summary[0]).toMatchObject({ total: 120, denyRate: 0.25, perMinute: 2, peak: 60 });
    expect(summary[1]).toMatchObject({ total: 0, denyRate: 0, peak: 0 });
  });

  it('tells a recently active scanner from an idle one and one that never scanned', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(scannerLiveness(null, now)).toBe('never');
    expect(scannerLiveness('2026-03-01T09:55:00Z', now)).toBe('recent');
    expect(scannerLiveness('2026-03-01T01:00:00Z', now)).toBe('today');
    expect(scannerLiveness('2026-02-20T10:00:00Z', now)).toBe('idle');
  });

  it('suggests the next free scanner id of a scene', () => {
    expect(suggestScannerId('clinic-ruijin', ['clinic-ruijin-01', 'clinic-ruijin-02'])).toBe(
      'clinic-ruijin-03',
    );
    expect(suggestScannerId('bus-71', [])).toBe('bus-71-01');
  });
});
