import { App, TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useT } from '../../../shared/i18n/i18n-context';
import { getRegion, listAllRegions } from '../../regions/api/regions-api';
import {
  attachChildren,
  childLevelOf,
  toTreeNode,
  type RegionTreeNode,
} from '../../regions/lib/region-tree';

interface RegionPickerProps {
  value?: string | undefined;
  onChange?: (regionId: string | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}

const loadDistricts = (signal: AbortSignal) =>
  listAllRegions({ level: 'district' }, signal).then((items) => items.map(toTreeNode));

function findNode(nodes: readonly RegionTreeNode[], key: string): RegionTreeNode | null {
  for (const node of nodes) {
    if (node.key === key) return node;
    const found = node.children ? findNode(node.children, key) : null;
    if (found) return found;
  }
  return null;
}

/**
 * Picks a district, street or grid; filters then cover that region's whole subtree. Levels
 * load as they are opened, and a value that arrives from the URL opens its ancestors so the
 * picker can show its name.
 */
export function RegionPicker({ value, onChange, placeholder, style, testId }: RegionPickerProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const roots = useAsync(loadDistricts);
  const [childrenByParent, setChildrenByParent] = useState<Record<string, RegionTreeNode[]>>({});

  const treeData = useMemo(
    () => (roots.status === 'success' ? attachChildren(roots.data, childrenByParent) : []),
    [roots, childrenByParent],
  );

  const loadChildren = useCallback(
    async (parent: Pick<RegionTreeNode, 'key' | 'level'>, signal?: AbortSignal) => {
      const level = childLevelOf(parent.level);
      if (!level) return;
      const items = await listAllRegions({ level, parent: parent.key }, signal);
      setChildrenByParent((loaded) => ({ ...loaded, [parent.key]: items.map(toTreeNode) }));
    },
    [],
  );

  // A region chosen elsewhere (URL, saved rule) must be findable in the tree to show its name.
  useEffect(() => {
    if (!value || roots.status !== 'success') return;
    if (roots.data.some((node) => node.key === value)) return;
    const controller = new AbortController();
    getRegion(value, controller.signal)
      .then(async (region) => {
        for (const ancestor of region.ancestors) {
          if (ancestor.level === 'district' || ancestor.level === 'street') {
            await loadChildren({ key: ancestor.id, level: ancestor.level }, controller.signal);
          }
        }
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) void message.error(describe(error));
      });
    return () => controller.abort();
  }, [value, roots, loadChildren, describe, message]);

  return (
    <TreeSelect<string, RegionTreeNode>
      data-testid={testId}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      loading={roots.status === 'loading'}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      placeholder={placeholder ?? t('iot.filter.region')}
      fieldNames={{ label: 'title', value: 'key', children: 'children' }}
      treeData={treeData}
      loadData={async (node) => {
        const parent = findNode(treeData, String(node.value));
        if (!parent) return;
        await loadChildren(parent).catch((error: unknown) => {
          void message.error(describe(error));
        });
      }}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...style }}
    />
  );
}
