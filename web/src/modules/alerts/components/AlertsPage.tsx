import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert as Notice,
  Button,
  Card,
  Flex,
  Result,
  Select,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { RegionPicker } from '../../iot/components/RegionPicker';
import { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { DepartmentFilter } from '../../iot/components/DepartmentFilter';
import { useUrlState } from '../../iot/hooks/use-url-state';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { formatDateTime } from '../../iot/lib/display';
import type { Alert, AlertStatus, Severity } from '../api/alerts-api';
import { useAlertActions } from '../hooks/use-alert-actions';
import { useReasonText } from '../hooks/use-reason-text';
import { MAX_ALERT_SCAN, useAlertList } from '../hooks/use-alert-list';
import { actionsFor } from '../lib/alert-lifecycle';
import {
  ALERT_PAGE_SIZES,
  ALERT_STATUSES,
  alertDepartmentName,
  readAlertFilters,
  SEVERITIES,
  withAlertFilter,
  writeAlertFilters,
  type AlertFilters,
} from '../lib/alert-filters';
import { AlertDrawer } from './AlertDrawer';
import { AlertStatusTag, SeverityTag } from './AlertTags';
import { IncidentsTab } from './IncidentsTab';

/** 告警: alerts to handle, and the alarm-storm incidents that group them. */
export function AlertsPage() {
  const { t } = useI18n();
  const [filters, update] = useUrlState(readAlertFilters, writeAlertFilters);
  const list = useAlertList(filters);
  const { reload } = list.result;

  return (
    <Card size="small" data-testid="alerts-page">
      <Tabs
        activeKey={filters.tab}
        onChange={(tab) =>
          update((current) => ({
            ...current,
            tab: tab === 'incidents' ? 'incidents' : 'alerts',
            page: 1,
          }))
        }
        items={[
          {
            key: 'alerts',
            label: t('alerts.tab.alerts'),
            children: <AlertsTab filters={filters} update={update} list={list} />,
          },
          {
            key: 'incidents',
            label: t('alerts.tab.incidents'),
            children: (
              <IncidentsTab
                filters={filters}
                update={update}
                onOpenAlert={(id) => update((current) => ({ ...current, alert: id }))}
              />
            ),
          },
        ]}
      />
      <AlertDrawer
        alertId={filters.alert}
        onClose={() => update((current) => ({ ...current, alert: undefined }))}
        onChanged={reload}
      />
    </Card>
  );
}

function AlertsTab({
  filters,
  update,
  list,
}: {
  filters: AlertFilters;
  update: (change: (current: AlertFilters) => AlertFilters) => void;
  list: ReturnType<typeof useAlertList>;
}) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const catalog = useIotCatalog();
  const regionName = useRegionNames();
  const { result, rows, total } = list;
  const perform = useAlertActions(result.reload);
  const reasonOf = useReasonText(catalog);
  const change = (change: Parameters<typeof withAlertFilter>[1]) =>
    update((current) => withAlertFilter(current, change));

  const columns: TableColumnsType<Alert> = [
    {
      title: t('alerts.field.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (severity: Severity) => <SeverityTag severity={severity} />,
    },
    {
      title: t('alerts.field.rule'),
      dataIndex: 'ruleName',
      render: (name: string, alert) => (
        <Typography.Link
          data-testid="alert-open"
          onClick={() => update((current) => ({ ...current, alert: alert.id }))}
        >
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('alerts.field.device'),
      dataIndex: 'deviceName',
      render: (name: string, alert) => (
        <Link to={`/workbench/devices/${alert.deviceId}`}>{name}</Link>
      ),
    },
    {
      title: t('alerts.field.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: AlertStatus) => <AlertStatusTag status={status} />,
    },
    {
      title: t('alerts.field.reason'),
      dataIndex: 'reason',
      ellipsis: true,
      render: (_: string, alert) => reasonOf(alert),
    },
    {
      title: t('alerts.field.region'),
      key: 'region',
      render: (_, alert) =>
        [regionName(alert.districtId), regionName(alert.streetId)].filter(Boolean).join(' / '),
    },
    {
      title: t('alerts.field.department'),
      key: 'department',
      ellipsis: true,
      render: (_, alert) => (
        <span data-testid="alert-department">{alertDepartmentName(alert, locale) || '—'}</span>
      ),
    },
    {
      title: t('alerts.field.raisedAt'),
      dataIndex: 'raisedAt',
      width: 170,
      render: (at: string) => formatDateTime(at, locale),
    },
    {
      title: t('alerts.field.actions'),
      key: 'actions',
      width: 150,
      render: (_, alert) => (
        <Flex gap={4}>
          {actionsFor(alert.status).map((action) => (
            <Button
              key={action}
              size="small"
              type="link"
              data-testid={`alert-${action}`}
              onClick={() => perform(alert, action)}
            >
              {t(`alerts.action.${action}`)}
            </Button>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} data-testid="alert-filters">
        <Select<AlertStatus[]>
          data-testid="filter-alert-status"
          mode="multiple"
          allowClear
          placeholder={t('alerts.filter.allStatuses')}
          style={{ minWidth: 260 }}
          value={filters.status}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alerts.status.${s}`) }))}
          onChange={(status) => change({ status })}
        />
        <Select<Severity>
          data-testid="filter-severity"
          allowClear
          placeholder={t('alerts.filter.severity')}
          style={{ width: 130 }}
          value={filters.severity}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))}
          onChange={(severity?: Severity) => change({ severity })}
        />
        <RegionPicker value={filters.region} onChange={(region) => change({ region })} />
        <Select
          data-testid="filter-alert-product"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('iot.filter.product')}
          style={{ width: 220 }}
          value={filters.product}
          options={catalog.productOptions}
          onChange={(product?: string) => change({ product })}
        />
        <DepartmentFilter
          testId="filter-alert-department"
          catalog={catalog}
          placeholder={t('alerts.filter.department')}
          value={filters.department}
          onChange={(department) => change({ department })}
        />
        <Button icon={<ReloadOutlined />} onClick={result.reload}>
          {t('common.refresh')}
        </Button>
      </Flex>
      {result.status === 'success' && result.data.kind === 'scan' && (
        <Notice
          type={result.data.truncated ? 'warning' : 'info'}
          showIcon
          title={
            result.data.truncated
              ? t('alerts.scanTruncated', {
                  scanned: result.data.scanned,
                  total: result.data.total,
                  max: MAX_ALERT_SCAN,
                })
              : t('alerts.scanned', { scanned: result.data.scanned })
          }
        />
      )}
      {result.status === 'error' ? (
        <Result
          status="warning"
          title={t('alerts.loadFailed')}
          subTitle={describe(result.error)}
          extra={<Button onClick={result.reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Alert>
          data-testid="alerts-table"
          rowKey="id"
          size="small"
          loading={result.status === 'loading'}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: t('alerts.none') }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: ALERT_PAGE_SIZES.map(String),
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
    </Flex>
  );
}
