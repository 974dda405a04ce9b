import { describe, expect, it } from 'vitest';
import { filterScanners } from './scanner-filter';

const scanners = [
  {
    id: 'clinic-ruijin-01',
    name: '瑞金医院门诊挂号 1号',
    place: '瑞金二路197号',
    sceneId: 'clinic-ruijin',
  },
  {
    id: 'metro-line-2-01',
    name: '地铁2号线闸机 1号',
    place: '人民广场站',
    sceneId: 'metro-line-2',
  },
  { id: 'metro-line-2-02', name: 'Metro gate 2', place: null, sceneId: 'metro-line-2' },
];
const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);

describe('the scanner list filter', () => {
  it('keeps everything without a filter', () => {
    expect(ids(filterScanners(scanners, { q: ' ', sceneId: null }))).toHaveLength(3);
  });

  it('matches every word in the id, name or place, in any case', () => {
    expect(ids(filterScanners(scanners, { q: '人民广场', sceneId: null }))).toEqual([
      'metro-line-2-01',
    ]);
    expect(ids(filterScanners(scanners, { q: 'METRO 02', sceneId: null }))).toEqual([
      'metro-line-2-02',
    ]);
    expect(ids(filterScanners(scanners, { q: '瑞金 闸机', sceneId: null }))).toEqual([]);
  });

  it('narrows to one scene', () => {
    expect(ids(filterScanners(scanners, { q: '', sceneId: 'metro-line-2' }))).toEqual([
      'metro-line-2-01',
      'metro-line-2-02',
    ]);
    expect(ids(filterScanners(scanners, { q: '1号', sceneId: 'clinic-ruijin' }))).toEqual([
      'clinic-ruijin-01',
    ]);
  });
});
