import { describe, expect, it } from 'vitest';
import type { RegionSummary } from '../../../shared/api/types';
import { attachChildren, childLevelOf, toTreeNode } from './region-tree';

const region = (id: string, level: RegionSummary['level'], childCount: number): RegionSummary => ({
  id,
  name: id,
  level,
  parentId: null,
  centroid: [121.4, 31.2],
  childCount,
});

describe('region tree', () => {
  it('marks grids and childless regions as leaves so the tree offers no empty expander', () => {
    expect(toTreeNode(region('310101', 'district', 10)).isLeaf).toBe(false);
    expect(toTreeNode(region('310101001', 'street', 0)).isLeaf).toBe(true);
    expect(toTreeNode(region('310101001001', 'grid', 0)).isLeaf).toBe(true);
  });

  it('asks for the next level down', () => {
    expect(childLevelOf('district')).toBe('street');
    expect(childLevelOf('street')).toBe('grid');
    expect(childLevelOf('grid')).toBeNull();
  });

  it('hangs loaded children under their parents at any depth', () => {
    const roots = [
      toTreeNode(region('d1', 'district', 1)),
      toTreeNode(region('d2', 'district', 1)),
    ];
    const tree = attachChildren(roots, {
      d1: [toTreeNode(region('s1', 'street', 1))],
      s1: [toTreeNode(region('g1', 'grid', 0))],
    });
    expect(tree[0]?.children?.[0]?.key).toBe('s1');
    expect(tree[0]?.children?.[0]?.children?.[0]?.key).toBe('g1');
    expect(tree[1]?.children).toBeUndefined();
    expect(tree[1]).toBe(roots[1]);
  });
});
