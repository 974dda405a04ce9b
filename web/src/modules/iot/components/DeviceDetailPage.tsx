import { ArrowLeftOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Flex,
  Result,
  Skeleton,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n, useT } from '../../../shared/i18n/i18n-context';
import {
  getDevice,
  getLatest,
  getProduct,
  getQuality,
  type Device,
  type LatestValue,
  type Product,
  type QualityReport,
} from '../api/iot-api';
import { departmentName, productName, useIotCatalog } from '../hooks/use-iot-catalog';
import {
  formatDateTime,
  formatReading,
  isMissingRecord,
  isQualityIssueKind,
  maskSecret,
  regionPathText,
} from '../lib/display';
import { chartableProperties } from '../lib/telemetry-chart';
import { OnlineBadge } from './OnlineBadge';
import { TelemetryChartCard } from './TelemetryChartCard';

/** 设备详情: profile, latest values, history charts and data quality of one device. */
export function DeviceDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const describe = useErrorMessage();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const device = await getDevice(id, signal);
      const product = await getProduct(device.productId, signal);
      return { device, product };
    },
    [id],
  );
  const profile = useAsync(load);

  if (profile.status === 'loading') return <Skeleton active paragraph={{ rows: 10 }} />;
  if (profile.status === 'error') {
    return (
      <Result
        status="warning"
        title={t('iot.device.loadFailed')}
        subTitle={
          isMissingRecord(profile.error) ? t('iot.device.notFound') : describe(profile.error)
        }
        extra={
          <Link to="/workbench/devices">
            <Button>{t('iot.device.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  const { device, product } = profile.data;
  return (
    <Flex vertical gap={16} data-testid="device-detail">
      <Flex align="center" gap={12}>
        <Link to="/workbench/devices" aria-label={t('iot.device.backToList')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="device-title">
          {device.name}
        </Typography.Title>
        <OnlineBadge online={device.online} />
      </Flex>
      <DeviceProfile device={device} product={product} />
      <LatestValuesCard deviceId={device.id} product={product} />
      <TelemetryChartCard
        key={device.id}
        deviceId={device.id}
        properties={chartableProperties(product.thingModel)}
      />
      <QualityCard deviceId={device.id} />
    </Flex>
  );
}

function DeviceProfile({ device, product }: { device: Device; product: Product }) {
  const { t, locale } = useI18n();
  const catalog = useIotCatalog();
  const [revealed, setRevealed] = useState(false);
  const department =
    device.departmentId &&
    catalog.departments.status === 'success' &&
    catalog.departments.data.find((d) => d.id === device.departmentId);
  return (
    <Card size="small" title={t('iot.device.profile')}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="device-profile">
        <Descriptions.Item label={t('iot.device.product')}>
          {productName(product, locale)}
          <Typography.Text type="secondary"> ({product.id})</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.status')}>
          <OnlineBadge online={device.online} />
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.lastSeen')}>
          {device.lastSeenAt ? formatDateTime(device.lastSeenAt, locale) : t('iot.never')}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.credential')}>
          {device.token ? (
            <Flex gap={4} align="center">
              <Typography.Text
                code
                copyable={revealed ? { text: device.token } : false}
                data-testid="device-credential"
              >
                {revealed ? device.token : maskSecret(device.token)}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                aria-label={revealed ? t('iot.device.hide') : t('iot.device.reveal')}
                title={revealed ? t('iot.device.hide') : t('iot.device.reveal')}
                onClick={() => setRevealed((v) => !v)}
              />
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('iot.device.credentialHidden')}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.tags')}>
          {device.tags.length === 0 ? '—' : device.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.department')}>
          {department ? departmentName(department, locale) : (device.departmentId ?? '—')}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.location')}>
          {device.location
            ? `${device.location.lng.toFixed(6)}, ${device.location.lat.toFixed(6)}`
            : t('iot.device.noLocation')}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.grid')}>
          {regionPathText([device.district, device.street, device.grid]) || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('iot.device.createdAt')}>
          {formatDateTime(device.createdAt, locale)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

interface LatestRow extends LatestValue {
  unitShown: string | null;
  nameShown: string;
}

function LatestValuesCard({ deviceId, product }: { deviceId: string; product: Product }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => getLatest(deviceId, signal), [deviceId]);
  const latest = useAsync(load);
  const byKey = new Map(product.thingModel.properties.map((p) => [p.key, p]));
  const rows: LatestRow[] =
    latest.status === 'success'
      ? latest.data.values.map((v) => {
          const property = byKey.get(v.key);
          return {
            ...v,
            // The thing model is the authority on units and names; the reading's copy is a fallback.
            unitShown: property?.unit ?? v.unit,
            nameShown: property?.name ?? v.name ?? v.key,
          };
        })
      : [];
  const columns: TableColumnsType<LatestRow> = [
    { title: t('iot.latest.property'), dataIndex: 'nameShown' },
    {
      title: t('iot.latest.key'),
      dataIndex: 'key',
      render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
    },
    {
      title: t('iot.latest.value'),
      key: 'value',
      render: (_, row) =>
        typeof row.value === 'boolean'
          ? row.value
            ? t('common.yes')
            : t('common.no')
          : formatReading(row.value, row.unitShown),
    },
    {
      title: t('iot.latest.at'),
      dataIndex: 'ts',
      width: 180,
      render: (ts: string) => formatDateTime(ts, locale),
    },
  ];
  return (
    <Card
      size="small"
      title={t('iot.latest.title')}
      extra={
        <Button size="small" onClick={latest.reload}>
          {t('common.refresh')}
        </Button>
      }
    >
      {latest.status === 'error' ? (
        <Typography.Text type="danger">{describe(latest.error)}</Typography.Text>
      ) : (
        <Table<LatestRow>
          data-testid="latest-values"
          rowKey="key"
          size="small"
          loading={latest.status === 'loading'}
          columns={columns}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('iot.latest.none') }}
        />
      )}
    </Card>
  );
}

type QualityProperty = QualityReport['properties'][number];
type QualityIssue = QualityReport['issues'][number];

const QUALITY_COLORS: Readonly<Record<QualityProperty['status'], string>> = {
  ok: 'green',
  no_data: 'default',
  out_of_range: 'red',
  stuck: 'orange',
};

function QualityCard({ deviceId }: { deviceId: string }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => getQuality(deviceId, signal), [deviceId]);
  const quality = useAsync(load);
  const propertyColumns: TableColumnsType<QualityProperty> = [
    { title: t('iot.latest.property'), dataIndex: 'name' },
    {
      title: t('iot.quality.status'),
      dataIndex: 'status',
      render: (status: QualityProperty['status']) => (
        <Tag color={QUALITY_COLORS[status]}>{t(`iot.quality.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('iot.quality.lastAt'),
      dataIndex: 'lastAt',
      render: (at: string | null) => (at ? formatDateTime(at, locale) : '—'),
    },
    {
      title: t('iot.quality.sameCount'),
      key: 'same',
      render: (_, p) =>
        p.sameSince
          ? t('iot.quality.sameSince', {
              count: p.sameCount,
              since: formatDateTime(p.sameSince, locale),
            })
          : p.sameCount,
    },
  ];
  const issueColumns: TableColumnsType<QualityIssue> = [
    {
      title: t('iot.latest.key'),
      dataIndex: 'key',
      render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
    },
    {
      title: t('iot.quality.kind'),
      dataIndex: 'kind',
      render: (kind: string) => (isQualityIssueKind(kind) ? t(`iot.quality.kind.${kind}`) : kind),
    },
    { title: t('iot.quality.count'), dataIndex: 'count', width: 80 },
    {
      title: t('iot.quality.firstAt'),
      dataIndex: 'firstAt',
      render: (at: string) => formatDateTime(at, locale),
    },
    {
      title: t('iot.quality.lastAt'),
      dataIndex: 'lastAt',
      render: (at: string) => formatDateTime(at, locale),
    },
    { title: t('iot.quality.detail'), dataIndex: 'lastDetail', ellipsis: true },
  ];
  return (
    <Card size="small" title={t('iot.quality.title')} data-testid="device-quality">
      {quality.status === 'loading' && <Skeleton active />}
      {quality.status === 'error' && (
        <Typography.Text type="danger">{describe(quality.error)}</Typography.Text>
      )}
      {quality.status === 'success' && (
        <Flex vertical gap={12}>
          <Table<QualityProperty>
            rowKey="key"
            size="small"
            columns={propertyColumns}
            dataSource={quality.data.properties}
            pagination={false}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('iot.quality.issues')}
          </Typography.Title>
          <Table<QualityIssue>
            rowKey={(issue) => `${issue.key}|${issue.kind}`}
            size="small"
            columns={issueColumns}
            dataSource={quality.data.issues}
            pagination={false}
            locale={{ emptyText: t('iot.quality.noIssues') }}
          />
        </Flex>
      )}
    </Card>
  );
}
