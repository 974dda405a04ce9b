import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Progress,
  Result,
  Segmented,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { Translate } from '../../../shared/i18n/translate';
import { EChart } from '../../iot/components/EChart';
import { useDeviceNames } from '../../iot/hooks/use-device-names';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { formatDateTime, formatReading, isMissingRecord } from '../../iot/lib/display';
import {
  getFacility,
  getHealthHistory,
  type ComponentScore,
  type FacilityDetail,
  type HealthComponent,
} from '../api/facilities-api';
import { useKindLabel } from '../hooks/use-kind-label';
import {
  healthChartOption,
  historySeries,
  LEVEL_COLORS,
  levelOf,
  weightShares,
} from '../lib/health-chart';
import { HealthLevelTag, ScoreBar } from './HealthLevelTag';

const HOUR = 3_600_000;
const RANGES = [
  { key: '24h', ms: 24 * HOUR },
  { key: '7d', ms: 7 * 24 * HOUR },
  { key: '30d', ms: 30 * 24 * HOUR },
] as const;
type RangeKey = (typeof RANGES)[number]['key'];
/** Scores are kept every 5 minutes: 30 days are 8,640 points, under the endpoint's 10,000. */
const HISTORY_LIMIT = 10_000;

const STATUS_COLORS: Readonly<Record<ComponentScore['status'], string>> = {
  ok: 'green',
  stale: 'orange',
  missing: 'default',
};

/** 设施详情: the health index now, how it is made up, its model and its history. */
export function FacilityDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const kindLabel = useKindLabel();
  const regionName = useRegionNames();
  const load = useCallback((signal: AbortSignal) => getFacility(id, signal), [id]);
  const facility = useAsync(load);

  if (facility.status === 'loading') return <Skeleton active paragraph={{ rows: 10 }} />;
  if (facility.status === 'error') {
    return (
      <Result
        status="warning"
        title={t('facilities.loadFailed')}
        subTitle={
          isMissingRecord(facility.error) ? t('facilities.notFound') : describe(facility.error)
        }
        extra={
          <Link to="/workbench/facilities">
            <Button>{t('facilities.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  const f = facility.data;
  const name = locale === 'zh-CN' ? f.name : (f.nameEn ?? f.name);
  return (
    <Flex vertical gap={16} data-testid="facility-detail">
      <Flex align="center" gap={12} wrap>
        <Link to="/workbench/facilities" aria-label={t('facilities.backToList')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {name}
        </Typography.Title>
        <Tag>{kindLabel(f.kind)}</Tag>
        <Typography.Text type="secondary">
          {[regionName(f.districtId), regionName(f.streetId)].filter(Boolean).join(' / ')}
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={facility.reload}>
          {t('common.refresh')}
        </Button>
      </Flex>
      <Flex gap={16} wrap align="stretch">
        <Card size="small" title={t('facilities.live.title')} style={{ width: 280 }}>
          <Flex vertical align="center" gap={8} data-testid="facility-score">
            <Progress
              type="dashboard"
              percent={f.live.score ?? 0}
              strokeColor={LEVEL_COLORS[f.live.level]}
              format={() => (f.live.score === null ? '—' : Math.round(f.live.score * 10) / 10)}
            />
            <HealthLevelTag level={f.live.level} />
            <Typography.Text type="secondary">
              {t('facilities.live.coverage', { coverage: Math.round(f.live.coverage * 100) })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              {f.scoredAt
                ? t('facilities.live.stored', {
                    score: f.score === null ? '—' : Math.round(f.score * 10) / 10,
                    at: formatDateTime(f.scoredAt, locale),
                  })
                : t('facilities.live.neverStored')}
            </Typography.Text>
          </Flex>
        </Card>
        <Card
          size="small"
          title={t('facilities.breakdown.title')}
          style={{ flex: 1, minWidth: 480 }}
        >
          <Breakdown facility={f} />
        </Card>
      </Flex>
      <HistoryCard facility={f} />
      <ModelCard facility={f} />
      <DevicesCard facility={f} />
    </Flex>
  );
}

function Breakdown({ facility }: { facility: FacilityDetail }) {
  const { t, locale } = useI18n();
  const deviceName = useDeviceNames(facility.live.components.flatMap((c) => c.deviceId ?? []));
  const total = facility.live.components.reduce((sum, c) => sum + c.weight, 0);
  const critical = new Set(facility.model.components.filter((c) => c.critical).map((c) => c.key));
  const unit = new Map(facility.model.components.map((c) => [c.key, c]));
  const columns: TableColumnsType<ComponentScore> = [
    {
      title: t('facilities.component.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Flex gap={4} align="center">
          {name}
          {critical.has(c.key) && <Tag color="red">{t('facilities.component.critical')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('facilities.component.weight'),
      dataIndex: 'weight',
      width: 90,
      render: (weight: number) => (total > 0 ? `${Math.round((weight / total) * 100)}%` : '—'),
    },
    {
      title: t('facilities.component.score'),
      dataIndex: 'score',
      width: 170,
      render: (score: number | null) => (
        <ScoreBar score={score} level={levelOf(score, facility.model.levels)} />
      ),
    },
    {
      title: t('facilities.component.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: ComponentScore['status']) => (
        <Tag color={STATUS_COLORS[status]}>{t(`facilities.component.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('facilities.component.value'),
      dataIndex: 'value',
      render: (value: unknown, c) => (
        <Typography.Text>
          {formatReading(value)}
          <Typography.Text type="secondary">
            {' '}
            ({unit.get(c.key)?.property ?? c.key})
          </Typography.Text>
        </Typography.Text>
      ),
    },
    {
      title: t('facilities.component.device'),
      dataIndex: 'deviceId',
      render: (deviceId: string | null) =>
        deviceId ? <Link to={`/workbench/devices/${deviceId}`}>{deviceName(deviceId)}</Link> : '—',
    },
    {
      title: t('facilities.component.at'),
      dataIndex: 'ts',
      width: 170,
      render: (ts: string | null) => (ts ? formatDateTime(ts, locale) : '—'),
    },
  ];
  return (
    <Table<ComponentScore>
      data-testid="facility-breakdown"
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={facility.live.components}
      pagination={false}
    />
  );
}

function HistoryCard({ facility }: { facility: FacilityDetail }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [rangeKey, setRangeKey] = useState<RangeKey>('24h');
  const [showComponents, setShowComponents] = useState(false);
  const [to, setTo] = useState(() => Date.now());
  const span = RANGES.find((r) => r.key === rangeKey)?.ms ?? RANGES[0].ms;
  const from = to - span;
  const load = useCallback(
    (signal: AbortSignal) =>
      getHealthHistory(
        facility.id,
        {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          limit: HISTORY_LIMIT,
        },
        signal,
      ),
    [facility.id, from, to],
  );
  const history = useAsync(load);
  const option = useMemo(
    () =>
      history.status === 'success'
        ? healthChartOption(historySeries(history.data.items), {
            levels: facility.model.levels,
            scoreLabel: t('facilities.history.score'),
            showComponents,
            formatTime: (time) => formatDateTime(time, locale),
            range: { from, to },
          })
        : null,
    [history, facility.model.levels, t, showComponents, locale, from, to],
  );
  return (
    <Card
      size="small"
      title={t('facilities.history.title')}
      extra={
        <Flex gap={12} align="center">
          <Flex gap={4} align="center">
            <Switch size="small" checked={showComponents} onChange={setShowComponents} />
            <Typography.Text>{t('facilities.history.components')}</Typography.Text>
          </Flex>
          <Segmented<RangeKey>
            value={rangeKey}
            onChange={(key) => {
              setRangeKey(key);
              setTo(Date.now());
            }}
            options={RANGES.map((r) => ({ value: r.key, label: t(`iot.range.${r.key}`) }))}
          />
          <Button
            size="small"
            icon={<ReloadOutlined />}
            aria-label={t('iot.chart.refresh')}
            title={t('iot.chart.refresh')}
            onClick={() => setTo(Date.now())}
          />
        </Flex>
      }
    >
      {history.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} />}
      {history.status === 'error' && (
        <Alert type="error" showIcon title={describe(history.error)} />
      )}
      {history.status === 'success' &&
        (history.data.items.length === 0 ? (
          <Empty description={t('facilities.history.none')} />
        ) : (
          option && (
            <div data-testid="health-chart" data-points={history.data.items.length}>
              <EChart option={option} height={300} />
            </div>
          )
        ))}
    </Card>
  );
}

function scoringText(c: HealthComponent, t: Translate): string {
  if (c.scoring.type === 'range') {
    const [idealLow, idealHigh] = c.scoring.ideal;
    const [limitLow, limitHigh] = c.scoring.limit;
    return t('facilities.model.range', {
      idealLow: idealLow ?? '',
      idealHigh: idealHigh ?? '',
      limitLow: limitLow ?? '',
      limitHigh: limitHigh ?? '',
    });
  }
  const values = Object.entries(c.scoring.values)
    .map(([value, score]) => `${value} → ${score}`)
    .join(', ');
  return c.scoring.otherwise === undefined
    ? values
    : `${values}; ${t('facilities.model.otherwise', { score: c.scoring.otherwise })}`;
}

function ModelCard({ facility }: { facility: FacilityDetail }) {
  const { t } = useI18n();
  const { model } = facility;
  const shares = new Map(weightShares(model.components).map((s) => [s.key, s]));
  const columns: TableColumnsType<HealthComponent> = [
    { title: t('facilities.component.name'), dataIndex: 'name' },
    {
      title: t('facilities.model.property'),
      key: 'property',
      render: (_, c) => (
        <Typography.Text code>{c.role ? `${c.role}.${c.property}` : c.property}</Typography.Text>
      ),
    },
    {
      title: t('facilities.component.weight'),
      key: 'weight',
      width: 200,
      render: (_, c) => (
        <Flex gap={8} align="center">
          <Progress
            percent={Math.round((shares.get(c.key)?.share ?? 0) * 100)}
            size="small"
            style={{ width: 120, margin: 0 }}
          />
          <Typography.Text type="secondary">({c.weight})</Typography.Text>
        </Flex>
      ),
    },
    { title: t('facilities.model.scoring'), key: 'scoring', render: (_, c) => scoringText(c, t) },
    {
      title: t('facilities.model.aggregate'),
      dataIndex: 'aggregate',
      width: 110,
      render: (aggregate?: 'min' | 'mean') => t(`facilities.model.aggregate.${aggregate ?? 'min'}`),
    },
    {
      title: t('facilities.component.critical'),
      dataIndex: 'critical',
      width: 90,
      render: (critical?: boolean) => (critical ? t('common.yes') : t('common.no')),
    },
  ];
  return (
    <Card size="small" title={t('facilities.model.title')}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('facilities.model.levels')}>
          {t('facilities.model.levelsText', {
            good: model.levels.good,
            attention: model.levels.attention,
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('facilities.model.missing')}>
          {t(`facilities.model.missing.${model.missing.policy}`)}
          {' · '}
          {t('facilities.model.maxAge', { minutes: model.missing.maxAgeMinutes })}
        </Descriptions.Item>
        <Descriptions.Item label={t('facilities.model.minCoverage')}>
          {`${Math.round(model.minCoverage * 100)}%`}
        </Descriptions.Item>
        <Descriptions.Item label={t('facilities.model.criticalBelow')}>
          {model.criticalBelow ?? '—'}
        </Descriptions.Item>
      </Descriptions>
      <Table<HealthComponent>
        data-testid="facility-model"
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={model.components}
        pagination={false}
      />
    </Card>
  );
}

function DevicesCard({ facility }: { facility: FacilityDetail }) {
  const { t } = useI18n();
  const deviceName = useDeviceNames(facility.devices.map((d) => d.deviceId));
  return (
    <Card size="small" title={t('facilities.devices.title')}>
      <Table
        rowKey="deviceId"
        size="small"
        pagination={false}
        dataSource={facility.devices}
        columns={[
          {
            title: t('facilities.component.device'),
            dataIndex: 'deviceId',
            render: (id: string) => <Link to={`/workbench/devices/${id}`}>{deviceName(id)}</Link>,
          },
          { title: t('facilities.devices.role'), dataIndex: 'role' },
        ]}
      />
    </Card>
  );
}
