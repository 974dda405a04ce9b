import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Result, Select, Table, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { RegionPicker } from '../../iot/components/RegionPicker';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { useUrlState } from '../../iot/hooks/use-url-state';
import { formatDateTime } from '../../iot/lib/display';
import { listFacilities, type Facility, type HealthLevel } from '../api/facilities-api';
import {
  FACILITY_PAGE_SIZES,
  facilityQuery,
  HEALTH_LEVELS,
  readFacilityFilters,
  withFacilityFilter,
  writeFacilityFilters,
} from '../lib/facility-filters';
import { useKindLabel } from '../hooks/use-kind-label';
import { HealthLevelTag, ScoreBar } from './HealthLevelTag';

/** 设施健康: every facility with its latest health index, worst first when filtered by level. */
export function FacilitiesPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const regionName = useRegionNames();
  const kindLabel = useKindLabel();
  const [filters, update] = useUrlState(readFacilityFilters, writeFacilityFilters);
  const [searchDraft, setSearchDraft] = useState<string | null>(null);
  const change = (change: Parameters<typeof withFacilityFilter>[1]) =>
    update((current) => withFacilityFilter(current, change));

  const key = writeFacilityFilters(filters).toString();
  const load = useCallback(
    (signal: AbortSignal) =>
      listFacilities(facilityQuery(readFacilityFilters(new URLSearchParams(key))), signal),
    [key],
  );
  const list = useAsync(load);

  const columns: TableColumnsType<Facility> = [
    {
      title: t('facilities.field.name'),
      dataIndex: 'name',
      render: (name: string, f) => (
        <Link to={`/workbench/facilities/${encodeURIComponent(f.id)}`}>
          {locale === 'zh-CN' ? name : (f.nameEn ?? name)}
        </Link>
      ),
    },
    { title: t('facilities.field.kind'), dataIndex: 'kind', render: kindLabel },
    {
      title: t('facilities.field.region'),
      key: 'region',
      render: (_, f) =>
        [regionName(f.districtId), regionName(f.streetId)].filter(Boolean).join(' / '),
    },
    {
      title: t('facilities.field.score'),
      dataIndex: 'score',
      width: 170,
      render: (score: number | null, f) => <ScoreBar score={score} level={f.level} />,
    },
    {
      title: t('facilities.field.level'),
      dataIndex: 'level',
      width: 100,
      render: (level: HealthLevel) => <HealthLevelTag level={level} />,
    },
    {
      title: t('facilities.field.coverage'),
      dataIndex: 'coverage',
      width: 110,
      render: (coverage: number) => `${Math.round(coverage * 100)}%`,
    },
    {
      title: t('facilities.field.scoredAt'),
      dataIndex: 'scoredAt',
      width: 170,
      render: (at: string | null) => (at ? formatDateTime(at, locale) : '—'),
    },
  ];

  return (
    <Card size="small" title={t('facilities.title')} data-testid="facilities-page">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select<string>
          data-testid="filter-kind"
          allowClear
          placeholder={t('facilities.filter.kind')}
          style={{ width: 160 }}
          value={filters.kind}
          options={[{ value: 'water_plant', label: kindLabel('water_plant') }]}
          onChange={(kind?: string) => change({ kind })}
        />
        <RegionPicker value={filters.region} onChange={(region) => change({ region })} />
        <Select<HealthLevel>
          data-testid="filter-level"
          allowClear
          placeholder={t('facilities.filter.level')}
          style={{ width: 140 }}
          value={filters.level}
          options={HEALTH_LEVELS.map((level) => ({
            value: level,
            label: t(`facilities.level.${level}`),
          }))}
          onChange={(level?: HealthLevel) => change({ level })}
        />
        <Input.Search
          allowClear
          placeholder={t('facilities.filter.q')}
          style={{ width: 220 }}
          value={searchDraft ?? filters.q ?? ''}
          onChange={(event) => setSearchDraft(event.target.value)}
          onSearch={(q) => {
            setSearchDraft(null);
            change({ q: q.trim() || undefined });
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </Flex>
      {list.status === 'error' ? (
        <Result
          status="warning"
          title={t('facilities.loadFailed')}
          subTitle={describe(list.error)}
          extra={<Button onClick={list.reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Facility>
          data-testid="facilities-table"
          rowKey="id"
          size="small"
          loading={list.status === 'loading'}
          columns={columns}
          dataSource={list.status === 'success' ? list.data.items : []}
          locale={{ emptyText: t('facilities.none') }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: list.status === 'success' ? list.data.total : 0,
            showSizeChanger: true,
            pageSizeOptions: FACILITY_PAGE_SIZES.map(String),
            showTotal: (count) => t('common.total', { count }),
            onChange: (page, pageSize) =>
              update((current) => ({
                ...current,
                page: pageSize === current.pageSize ? page : 1,
                pageSize,
              })),
          }}
        />
      )}
    </Card>
  );
}
