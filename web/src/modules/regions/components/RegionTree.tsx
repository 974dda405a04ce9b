import {
  App,
  AutoComplete,
  Empty,
  Flex,
  Input,
  Result,
  Skeleton,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useT } from '../../../shared/i18n/i18n-context';
import { listAllRegions } from '../api/regions-api';
import { useRegionSearch } from '../hooks/use-region-search';
import { attachChildren, childLevelOf, toTreeNode, type RegionTreeNode } from '../lib/region-tree';
import { LevelTag } from './LevelTag';

interface RegionTreeProps {
  selectedId: string | null;
  onSelect: (regionId: string) => void;
  height: number;
}

const loadDistricts = (signal: AbortSignal) =>
  listAllRegions({ level: 'district' }, signal).then((items) => items.map(toTreeNode));

/** District → street → grid, each level fetched only when it is opened. */
export function RegionTree({ selectedId, onSelect, height }: RegionTreeProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const roots = useAsync(loadDistricts);
  const [childrenByParent, setChildrenByParent] = useState<Record<string, RegionTreeNode[]>>({});
  const [query, setQuery] = useState('');
  const search = useRegionSearch(query);

  const treeData = useMemo(
    () => (roots.status === 'success' ? attachChildren(roots.data, childrenByParent) : []),
    [roots, childrenByParent],
  );

  const loadChildren = useCallback(
    async (node: RegionTreeNode) => {
      const level = childLevelOf(node.level);
      if (!level) return;
      try {
        const items = await listAllRegions({ level, parent: node.key });
        setChildrenByParent((loaded) => ({ ...loaded, [node.key]: items.map(toTreeNode) }));
      } catch (error) {
        void message.error(describe(error));
      }
    },
    [describe, message],
  );

  const searchOptions = (search.status === 'success' ? search.data : []).map((region) => ({
    value: region.id,
    label: (
      <Flex justify="space-between" gap={8}>
        <span>{region.name}</span>
        <LevelTag level={region.level} />
      </Flex>
    ),
  }));

  return (
    <Flex vertical gap={12} data-testid="region-tree">
      <AutoComplete
        options={searchOptions}
        value={query}
        onChange={setQuery}
        onSelect={(id: string) => {
          onSelect(id);
          setQuery('');
        }}
        notFoundContent={
          query.trim() && search.status === 'success' ? t('regions.search.none') : undefined
        }
      >
        <Input.Search allowClear placeholder={t('regions.search.placeholder')} />
      </AutoComplete>
      {roots.status === 'loading' && <Skeleton active paragraph={{ rows: 8 }} />}
      {roots.status === 'error' && (
        <Result status="warning" title={t('regions.loadFailed')} subTitle={describe(roots.error)} />
      )}
      {roots.status === 'success' && treeData.length === 0 && <Empty />}
      {treeData.length > 0 && (
        <Tree<RegionTreeNode>
          blockNode
          showLine
          height={height}
          treeData={treeData}
          selectedKeys={selectedId ? [selectedId] : []}
          loadData={(node) => loadChildren(node)}
          onSelect={(_keys, { node }) => onSelect(node.key)}
          titleRender={(node) => (
            <Flex justify="space-between" gap={8}>
              <Typography.Text ellipsis>{node.title}</Typography.Text>
              {!node.isLeaf && <Tag variant="filled">{node.childCount}</Tag>}
            </Flex>
          )}
        />
      )}
    </Flex>
  );
}
