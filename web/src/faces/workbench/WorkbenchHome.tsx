import { Card, Flex } from 'antd';
import { useState } from 'react';
import { useViewportHeight } from '../../shared/hooks/use-viewport-height';
import { useT } from '../../shared/i18n/i18n-context';
import { CityMap } from '../../modules/regions/components/CityMap';
import { RegionDetails } from '../../modules/regions/components/RegionDetails';
import { RegionTree } from '../../modules/regions/components/RegionTree';

/** Header, paddings, search box and the details card: what the tree's list must leave room for. */
const TREE_CHROME_PX = 440;

/** The workbench home: the region tree beside the city map, each steering the other. */
export function WorkbenchHome() {
  const t = useT();
  const viewportHeight = useViewportHeight();
  // What the tree asked the map to show; map clicks only change what is described.
  const [focusId, setFocusId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const pick = (regionId: string) => {
    setFocusId(regionId);
    setSelectedId(regionId);
  };

  return (
    <Flex gap={16} className="onecity-workbench-home">
      <Flex vertical gap={16} className="onecity-workbench-side">
        <Card size="small" title={t('regions.tree.title')}>
          <RegionTree
            selectedId={selectedId}
            onSelect={pick}
            height={Math.max(200, viewportHeight - TREE_CHROME_PX)}
          />
        </Card>
        <Card size="small" title={t('regions.details.title')}>
          <RegionDetails regionId={selectedId} />
        </Card>
      </Flex>
      <Card
        size="small"
        title={t('regions.map.title')}
        className="onecity-workbench-map-card"
        styles={{ body: { flex: 1, padding: 8, display: 'flex' } }}
      >
        <CityMap
          focusRegionId={focusId}
          onPathChange={(path) => setSelectedId(path.at(-1)?.id ?? null)}
        />
      </Card>
    </Flex>
  );
}
