import { Descriptions, Empty, Skeleton, Typography } from 'antd';
import { useCallback } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useT } from '../../../shared/i18n/i18n-context';
import { getRegion } from '../api/regions-api';
import { LevelTag } from './LevelTag';

/** The facts about one region: its code, level, where it sits and what it contains. */
export function RegionDetails({ regionId }: { regionId: string | null }) {
  const t = useT();
  const describe = useErrorMessage();
  const load = useCallback(
    (signal: AbortSignal) => (regionId ? getRegion(regionId, signal) : Promise.resolve(null)),
    [regionId],
  );
  const detail = useAsync(load);

  if (!regionId) return <Empty description={t('regions.pickOne')} />;
  if (detail.status === 'loading') return <Skeleton active paragraph={{ rows: 3 }} />;
  if (detail.status === 'error') {
    return <Typography.Text type="danger">{describe(detail.error)}</Typography.Text>;
  }
  const region = detail.data;
  if (!region) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid="region-details"
      items={[
        { key: 'name', label: t('regions.field.name'), children: region.name },
        { key: 'code', label: t('regions.field.code'), children: region.id },
        {
          key: 'level',
          label: t('regions.field.level'),
          children: <LevelTag level={region.level} />,
        },
        {
          key: 'ancestors',
          label: t('regions.field.belongsTo'),
          children: region.ancestors.map((a) => a.name).join(' / ') || '—',
        },
        { key: 'children', label: t('regions.field.children'), children: region.children.length },
      ]}
    />
  );
}
