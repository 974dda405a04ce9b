import { describe, expect, it } from 'vitest';
import { pageSlice, scanPages } from './scan-pages';

function server(total: number) {
  const items = Array.from({ length: total }, (_, i) => i + 1);
  const calls: Array<[number, number]> = [];
  const fetchPage = async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    return { items: items.slice(offset, offset + limit), total };
  };
  return { fetchPage, calls };
}

describe('scanPages', () => {
  it('reads every page and keeps the matches in order', async () => {
    const { fetchPage, calls } = server(25);
    const result = await scanPages(fetchPage, (n) => n % 2 === 0, {
      pageSize: 10,
      maxScanned: 100,
    });
    expect(result.matches).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    expect(result).toMatchObject({ scanned: 25, total: 25, truncated: false });
    expect(calls).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });

  it('stops at the bound and says the result is incomplete', async () => {
    const { fetchPage, calls } = server(1_000);
    const result = await scanPages(fetchPage, () => true, { pageSize: 300, maxScanned: 700 });
    expect(result).toMatchObject({ scanned: 700, total: 1_000, truncated: true });
    expect(calls.at(-1)).toEqual([600, 100]);
  });

  it('stops when the server returns an empty page even if its total said more', async () => {
    const result = await scanPages(
      async () => ({ items: [] as number[], total: 50 }),
      () => true,
      { pageSize: 10, maxScanned: 100 },
    );
    expect(result).toMatchObject({ matches: [], scanned: 0, truncated: true });
  });
});

describe('pageSlice', () => {
  it('cuts a 1-based page out of a list', () => {
    const list = [1, 2, 3, 4, 5];
    expect(pageSlice(list, 1, 2)).toEqual([1, 2]);
    expect(pageSlice(list, 3, 2)).toEqual([5]);
    expect(pageSlice(list, 4, 2)).toEqual([]);
    expect(pageSlice(list, 0, 2)).toEqual([1, 2]);
  });
});
