import { describe, expect, it } from 'vitest';
import { visibleLabels, type Box } from './label-layout';

const box = (left: number, top: number, width = 40, height = 16): Box => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

describe('visibleLabels', () => {
  it('keeps the first of two colliding labels and every label that fits', () => {
    expect(visibleLabels([box(0, 0), box(20, 5), box(100, 0)], [])).toEqual([true, false, true]);
  });

  it('never covers a fixed label', () => {
    expect(visibleLabels([box(0, 0), box(0, 40)], [box(10, 10)])).toEqual([false, true]);
  });

  it('keeps a small gap between neighbours', () => {
    expect(visibleLabels([box(0, 0), box(41, 0)], [], 2)).toEqual([true, false]);
    expect(visibleLabels([box(0, 0), box(43, 0)], [], 2)).toEqual([true, true]);
  });
});
