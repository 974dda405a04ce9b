import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Flex, Select, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { getAggregate, getTelemetry, type ThingProperty } from '../api/iot-api';
import { formatDateTime } from '../lib/display';
import {
  aggregatePoints,
  bucketCount,
  CHART_MODES,
  lineChartOption,
  pointCount,
  RANGE_PRESETS,
  RAW_LIMIT,
  rawPoints,
  resolveMode,
  type ChartData,
  type ChartMode,
} from '../lib/telemetry-chart';
import { EChart } from './EChart';

/** More buckets than this would be slow to fetch and unreadable to draw. */
const MAX_BUCKETS = 20_000;
const HOUR = 3_600_000;

interface TelemetryChartCardProps {
  deviceId: string;
  properties: ThingProperty[];
}

interface Range {
  from: number;
  to: number;
}

type Loaded =
  | { kind: 'chart'; data: ChartData; truncated: boolean }
  | { kind: 'tooManyBuckets'; buckets: number };

/** One property over a chosen time range: raw readings, or avg/min/max per interval. */
export function TelemetryChartCard({ deviceId, properties }: TelemetryChartCardProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [key, setKey] = useState<string | undefined>(properties[0]?.key);
  const [mode, setMode] = useState<ChartMode>('auto');
  const [range, setRange] = useState<Range>(() => {
    const to = Date.now();
    return { from: to - 24 * HOUR, to };
  });
  const property = properties.find((p) => p.key === key);
  const resolved = resolveMode(mode, range.from, range.to);

  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded | null> => {
      if (!key) return null;
      const from = new Date(range.from).toISOString();
      const to = new Date(range.to).toISOString();
      if (resolved === 'raw') {
        const series = await getTelemetry(
          deviceId,
          { key, from, to, limit: RAW_LIMIT, order: 'desc' },
          signal,
        );
        return {
          kind: 'chart',
          data: { mode: 'raw', points: rawPoints(series.items) },
          truncated: series.items.length >= RAW_LIMIT,
        };
      }
      const buckets = bucketCount(resolved, range.from, range.to);
      if (buckets > MAX_BUCKETS) return { kind: 'tooManyBuckets', buckets };
      const series = await getAggregate(deviceId, { key, from, to, interval: resolved }, signal);
      return {
        kind: 'chart',
        data: { mode: 'aggregate', series: aggregatePoints(series.buckets) },
        truncated: false,
      };
    },
    [deviceId, key, range, resolved],
  );
  const loaded = useAsync(load);

  const option = useMemo(() => {
    if (loaded.status !== 'success' || loaded.data?.kind !== 'chart') return null;
    return lineChartOption(loaded.data.data, {
      labels: {
        value: property?.name ?? key ?? '',
        avg: t('iot.chart.avg'),
        min: t('iot.chart.min'),
        max: t('iot.chart.max'),
      },
      unit: property?.unit ?? null,
      boolean: property?.type === 'boolean',
      formatTime: (time) => formatDateTime(time, locale),
      range,
    });
  }, [loaded, property, key, t, locale, range]);

  const presets = RANGE_PRESETS.map((preset) => ({
    label: t(`iot.range.${preset.key}`),
    value: (): [Dayjs, Dayjs] => [dayjs().subtract(preset.ms, 'millisecond'), dayjs()],
  }));
  const span = range.to - range.from;

  return (
    <Card
      size="small"
      title={t('iot.chart.title')}
      data-testid="telemetry-card"
      extra={
        <Flex gap={8} wrap>
          <Select
            data-testid="chart-property"
            style={{ width: 180 }}
            value={key}
            onChange={setKey}
            options={properties.map((p) => ({
              value: p.key,
              label: p.unit ? `${p.name} (${p.unit})` : p.name,
            }))}
          />
          <DatePicker.RangePicker
            data-testid="chart-range"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            presets={presets}
            value={[dayjs(range.from), dayjs(range.to)]}
            onChange={(values) => {
              const [from, to] = values ?? [];
              if (from && to && to.valueOf() > from.valueOf()) {
                setRange({ from: from.valueOf(), to: to.valueOf() });
              }
            }}
          />
          <Select<ChartMode>
            data-testid="chart-mode"
            style={{ width: 180 }}
            value={mode}
            onChange={setMode}
            options={CHART_MODES.map((m) => ({
              value: m,
              label:
                m === 'auto'
                  ? t('iot.chart.mode.autoWith', { mode: t(`iot.chart.mode.${resolved}`) })
                  : t(`iot.chart.mode.${m}`),
            }))}
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('iot.chart.refresh')}
            title={t('iot.chart.refresh')}
            onClick={() => {
              // "Now" moves on: refreshing keeps the span and ends it at the present.
              const to = Date.now();
              setRange({ from: to - span, to });
            }}
          />
        </Flex>
      }
    >
      {properties.length === 0 && <Empty description={t('iot.chart.noProperties')} />}
      {loaded.status === 'loading' && properties.length > 0 && (
        <Skeleton active paragraph={{ rows: 6 }} />
      )}
      {loaded.status === 'error' && <Alert type="error" showIcon title={describe(loaded.error)} />}
      {loaded.status === 'success' && loaded.data?.kind === 'tooManyBuckets' && (
        <Alert
          type="warning"
          showIcon
          title={t('iot.chart.tooManyBuckets', { buckets: loaded.data.buckets })}
        />
      )}
      {loaded.status === 'success' && loaded.data?.kind === 'chart' && option && (
        <div
          data-testid="telemetry-chart"
          data-mode={loaded.data.data.mode}
          data-points={pointCount(loaded.data.data)}
        >
          {loaded.data.truncated && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('iot.chart.truncated', { limit: RAW_LIMIT })}
            />
          )}
          {pointCount(loaded.data.data) === 0 ? (
            <Empty description={t('iot.chart.noData')} />
          ) : (
            <EChart option={option} height={320} />
          )}
          <Typography.Text type="secondary">
            {t('iot.chart.caption', {
              from: formatDateTime(range.from, locale, { seconds: false }),
              to: formatDateTime(range.to, locale, { seconds: false }),
            })}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
