import type { ChildRegionLevel, RegionLevel, RegionSummary } from '../../../shared/api/types';

/** The node shape antd's Tree expects, plus what we need to lazy-load children. */
export interface RegionTreeNode {
  key: string;
  title: string;
  level: RegionLevel;
  childCount: number;
  isLeaf: boolean;
  children?: RegionTreeNode[];
}

export function toTreeNode(region: RegionSummary): RegionTreeNode {
  return {
    key: region.id,
    title: region.name,
    level: region.level,
    childCount: region.childCount,
    // A grid is the smallest unit; anything else is a leaf only when it has no children.
    isLeaf: region.level === 'grid' || region.childCount === 0,
  };
}

export function childLevelOf(level: RegionLevel): ChildRegionLevel | null {
  switch (level) {
    case 'city':
      return 'district';
    case 'district':
      return 'street';
    case 'street':
      return 'grid';
    case 'grid':
      return null;
  }
}

/**
 * Builds the tree from the top level and the children loaded so far. Keeping loaded
 * children in a flat map (instead of patching a nested tree) makes each load a one-key
 * state update and lets the top level reload without losing what was expanded.
 */
export function attachChildren(
  nodes: readonly RegionTreeNode[],
  childrenByParent: Readonly<Record<string, readonly RegionTreeNode[]>>,
): RegionTreeNode[] {
  return nodes.map((node) => {
    const children = childrenByParent[node.key];
    return children ? { ...node, children: attachChildren(children, childrenByParent) } : node;
  });
}
