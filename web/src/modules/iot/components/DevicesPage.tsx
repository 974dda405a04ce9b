import { AppstoreOutlined, EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Input,
  Result,
  Segmented,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { Device } from '../api/iot-api';
import { useIotCatalog } from '../hooks/use-iot-catalog';
import { DepartmentFilter } from './DepartmentFilter';
import { useUrlState } from '../hooks/use-url-state';
import { MAP_LIMIT, MAX_CLIENT_SCAN, useDeviceList, useDeviceMap } from '../hooks/use-device-list';
import {
  filtersIgnoredOnMap,
  PAGE_SIZES,
  pageWithin,
  readDeviceFilters,
  withFilter,
  writeDeviceFilters,
  type DeviceStatusFilter,
} from '../lib/device-filters';
import { formatDateTime, regionPathText } from '../lib/display';
import type { DevicePoints } from '../lib/device-map';
import { DeviceMap } from './DeviceMap';
import { OnlineBadge } from './OnlineBadge';
import { RegionPicker } from './RegionPicker';

const NO_POINTS: DevicePoints = { type: 'FeatureCollection', features: [] };

/** 设备: every device in the caller's scope, as a paged table or as dots on the map. */
export function DevicesPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const navigate = useNavigate();
  const [filters, update] = useUrlState(readDeviceFilters, writeDeviceFilters);
  const catalog = useIotCatalog();
  const { result, rows, total } = useDeviceList(filters);
  const map = useDeviceMap(filters, filters.view === 'map');
  // The text boxes apply on Enter or blur, not on every key stroke.
  const [tagDraft, setTagDraft] = useState<string | null>(null);
  const [searchDraft, setSearchDraft] = useState<string | null>(null);

  // A page past the end (an old link, fewer matches now) moves to the last one that has rows.
  const loaded = result.status === 'success';
  useEffect(() => {
    if (!loaded) return;
    const page = pageWithin(filters.page, filters.pageSize, total);
    if (page !== filters.page) update((current) => ({ ...current, page }));
  }, [loaded, filters.page, filters.pageSize, total, update]);

  const change = (change: Parameters<typeof withFilter>[1]) =>
    update((current) => withFilter(current, change));
  const open = useCallback((id: string) => void navigate(`/workbench/devices/${id}`), [navigate]);

  const columns: TableColumnsType<Device> = [
    {
      title: t('iot.device.name'),
      dataIndex: 'name',
      render: (name: string, device) => <Link to={`/workbench/devices/${device.id}`}>{name}</Link>,
    },
    {
      title: t('iot.device.product'),
      dataIndex: 'productId',
      render: (id: string) => catalog.productLabel(id),
    },
    {
      title: t('iot.device.status'),
      dataIndex: 'online',
      width: 100,
      render: (online: boolean) => <OnlineBadge online={online} />,
    },
    {
      title: t('iot.device.region'),
      key: 'region',
      render: (_, d) => regionPathText([d.district, d.street, d.grid]),
    },
    {
      title: t('iot.device.department'),
      dataIndex: 'departmentId',
      render: (id: string | null) => catalog.departmentLabel(id),
    },
    {
      title: t('iot.device.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      title: t('iot.device.lastSeen'),
      dataIndex: 'lastSeenAt',
      width: 170,
      render: (at: string | null) => (at ? formatDateTime(at, locale) : t('iot.never')),
    },
  ];

  const statusOptions: Array<{ value: DeviceStatusFilter; label: string }> = [
    { value: 'online', label: t('iot.status.online') },
    { value: 'offline', label: t('iot.status.offline') },
  ];
  const ignoredOnMap = filtersIgnoredOnMap(filters);

  return (
    <Card
      size="small"
      title={t('iot.devices.title')}
      data-testid="devices-page"
      extra={
        <Segmented<'table' | 'map'>
          data-testid="devices-view"
          value={filters.view}
          onChange={(view) => update((current) => ({ ...current, view }))}
          options={[
            { value: 'table', label: t('iot.view.table'), icon: <AppstoreOutlined /> },
            { value: 'map', label: t('iot.view.map'), icon: <EnvironmentOutlined /> },
          ]}
        />
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="device-filters">
        <Select
          data-testid="filter-product"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('iot.filter.product')}
          style={{ width: 220 }}
          loading={catalog.products.status === 'loading'}
          value={filters.product}
          options={catalog.productOptions}
          onChange={(product?: string) => change({ product })}
        />
        <RegionPicker
          testId="filter-region"
          value={filters.region}
          onChange={(region) => change({ region })}
        />
        <Select
          data-testid="filter-status"
          allowClear
          placeholder={t('iot.filter.status')}
          style={{ width: 120 }}
          value={filters.status}
          options={statusOptions}
          onChange={(status?: DeviceStatusFilter) => change({ status })}
        />
        <DepartmentFilter
          testId="filter-department"
          catalog={catalog}
          placeholder={t('iot.filter.department')}
          value={filters.department}
          onChange={(department) => change({ department })}
        />
        <Input
          data-testid="filter-tag"
          allowClear
          placeholder={t('iot.filter.tag')}
          style={{ width: 140 }}
          value={tagDraft ?? filters.tag ?? ''}
          onChange={(event) => {
            setTagDraft(event.target.value);
            if (!event.target.value) change({ tag: undefined });
          }}
          onPressEnter={() => tagDraft !== null && change({ tag: tagDraft.trim() || undefined })}
          onBlur={() => {
            if (tagDraft !== null && tagDraft.trim() !== (filters.tag ?? '')) {
              change({ tag: tagDraft.trim() || undefined });
            }
            setTagDraft(null);
          }}
        />
        <Input.Search
          data-testid="filter-q"
          allowClear
          placeholder={t('iot.filter.q')}
          style={{ width: 220 }}
          value={searchDraft ?? filters.q ?? ''}
          onChange={(event) => setSearchDraft(event.target.value)}
          onSearch={(q) => {
            setSearchDraft(null);
            change({ q: q.trim() || undefined });
          }}
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            setTagDraft(null);
            setSearchDraft(null);
            update((current) => ({ page: 1, pageSize: current.pageSize, view: current.view }));
          }}
        >
          {t('iot.filter.reset')}
        </Button>
      </Flex>

      {filters.view === 'table' ? (
        <>
          {result.status === 'success' && result.data.kind === 'scan' && (
            <Alert
              style={{ marginBottom: 12 }}
              type={result.data.truncated ? 'warning' : 'info'}
              showIcon
              title={
                result.data.truncated
                  ? t('iot.devices.scanTruncated', {
                      scanned: result.data.scanned,
                      total: result.data.total,
                      max: MAX_CLIENT_SCAN,
                    })
                  : t('iot.devices.scanned', { scanned: result.data.scanned })
              }
            />
          )}
          {result.status === 'error' ? (
            <Result
              status="warning"
              title={t('iot.devices.loadFailed')}
              subTitle={describe(result.error)}
              extra={<Button onClick={result.reload}>{t('common.retry')}</Button>}
            />
          ) : (
            <Table<Device>
              data-testid="devices-table"
              rowKey="id"
              size="small"
              loading={result.status === 'loading'}
              columns={columns}
              dataSource={rows}
              onRow={(device) => ({ onDoubleClick: () => open(device.id) })}
              pagination={{
                current: filters.page,
                pageSize: filters.pageSize,
                total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES.map(String),
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
        </>
      ) : (
        <Flex vertical gap={8}>
          {ignoredOnMap.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('iot.map.ignoredFilters', {
                filters: ignoredOnMap.map((name) => t(`iot.filter.${name}`)).join(', '),
              })}
            />
          )}
          {map.status === 'error' && <Alert type="error" showIcon title={describe(map.error)} />}
          {map.status === 'success' && map.data && (
            <Typography.Text type="secondary" data-testid="device-map-summary">
              {map.data.total > map.data.fetched
                ? t('iot.map.partial', {
                    shown: map.data.points.features.length,
                    total: map.data.total,
                    max: MAP_LIMIT,
                  })
                : t('iot.map.count', { shown: map.data.points.features.length })}
            </Typography.Text>
          )}
          <div style={{ height: 'calc(100vh - 300px)', minHeight: 420 }}>
            <DeviceMap
              points={map.status === 'success' && map.data ? map.data.points : NO_POINTS}
              onOpen={open}
            />
          </div>
        </Flex>
      )}
    </Card>
  );
}
