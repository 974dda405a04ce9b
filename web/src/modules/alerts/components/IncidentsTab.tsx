import {
  Badge,
  Button,
  Flex,
  Result,
  Segmented,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { formatDateTime } from '../../iot/lib/display';
import {
  getIncident,
  type Alert,
  type AlertStatus,
  type Incident,
  type Severity,
} from '../api/alerts-api';
import { useIncidentList } from '../hooks/use-alert-list';
import { useReasonText } from '../hooks/use-reason-text';
import { ALERT_PAGE_SIZES, type AlertFilters } from '../lib/alert-filters';
import { AlertStatusTag, SeverityTag } from './AlertTags';

interface IncidentsTabProps {
  filters: AlertFilters;
  update: (change: (current: AlertFilters) => AlertFilters) => void;
  onOpenAlert: (alertId: string) => void;
}

/** Alarm storms: many alerts of one rule in one street, grouped so they are handled once. */
export function IncidentsTab({ filters, update, onOpenAlert }: IncidentsTabProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const regionName = useRegionNames();
  const incidents = useIncidentList(filters);

  const columns: TableColumnsType<Incident> = [
    {
      title: t('alerts.field.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (severity: Severity) => <SeverityTag severity={severity} />,
    },
    { title: t('alerts.incident.title'), dataIndex: 'title' },
    {
      title: t('alerts.field.region'),
      key: 'region',
      render: (_, i) =>
        [regionName(i.districtId), regionName(i.streetId)].filter(Boolean).join(' / '),
    },
    {
      title: t('alerts.incident.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: Incident['status']) => (
        <Badge
          status={status === 'open' ? 'processing' : 'default'}
          text={t(`alerts.incident.status.${status}`)}
        />
      ),
    },
    { title: t('alerts.incident.alertCount'), dataIndex: 'alertCount', width: 100 },
    {
      title: t('alerts.incident.openedAt'),
      dataIndex: 'openedAt',
      width: 170,
      render: (at: string) => formatDateTime(at, locale),
    },
    {
      title: t('alerts.incident.closedAt'),
      dataIndex: 'closedAt',
      width: 170,
      render: (at: string | null) => (at ? formatDateTime(at, locale) : '—'),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Segmented<'all' | 'open' | 'closed'>
        data-testid="incident-status"
        value={filters.incidentStatus ?? 'all'}
        onChange={(value) =>
          update((current) => ({
            ...current,
            page: 1,
            incidentStatus: value === 'all' ? undefined : value,
          }))
        }
        options={[
          { value: 'all', label: t('alerts.incident.status.all') },
          { value: 'open', label: t('alerts.incident.status.open') },
          { value: 'closed', label: t('alerts.incident.status.closed') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {incidents.status === 'error' ? (
        <Result
          status="warning"
          title={t('alerts.incident.loadFailed')}
          subTitle={describe(incidents.error)}
          extra={<Button onClick={incidents.reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Incident>
          data-testid="incidents-table"
          rowKey="id"
          size="small"
          loading={incidents.status === 'loading'}
          columns={columns}
          dataSource={incidents.status === 'success' ? incidents.data.items : []}
          locale={{ emptyText: t('alerts.incident.none') }}
          expandable={{
            expandedRowKeys: filters.incident ? [filters.incident] : [],
            onExpand: (expanded, incident) =>
              update((current) => ({ ...current, incident: expanded ? incident.id : undefined })),
            expandedRowRender: (incident) => (
              <IncidentAlerts incidentId={incident.id} onOpenAlert={onOpenAlert} />
            ),
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: incidents.status === 'success' ? incidents.data.total : 0,
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

function IncidentAlerts({
  incidentId,
  onOpenAlert,
}: {
  incidentId: string;
  onOpenAlert: (alertId: string) => void;
}) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const reasonOf = useReasonText(useIotCatalog());
  const load = useCallback((signal: AbortSignal) => getIncident(incidentId, signal), [incidentId]);
  const incident = useAsync(load);
  if (incident.status === 'error') {
    return <Typography.Text type="danger">{describe(incident.error)}</Typography.Text>;
  }
  const columns: TableColumnsType<Alert> = [
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
      render: (status: AlertStatus) => <AlertStatusTag status={status} />,
    },
    {
      title: t('alerts.field.reason'),
      dataIndex: 'reason',
      ellipsis: true,
      render: (_: string, alert) => reasonOf(alert),
    },
    {
      title: t('alerts.field.raisedAt'),
      dataIndex: 'raisedAt',
      render: (at: string) => formatDateTime(at, locale),
    },
    {
      title: '',
      key: 'open',
      width: 80,
      render: (_, alert) => (
        <Typography.Link onClick={() => onOpenAlert(alert.id)}>
          {t('alerts.incident.openAlert')}
        </Typography.Link>
      ),
    },
  ];
  return (
    <Table<Alert>
      data-testid="incident-alerts"
      rowKey="id"
      size="small"
      loading={incident.status === 'loading'}
      columns={columns}
      dataSource={incident.status === 'success' ? incident.data.alerts : []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
    />
  );
}
