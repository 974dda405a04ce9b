import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Result,
  Segmented,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { RegionPicker } from '../../iot/components/RegionPicker';
import { formatDateTime } from '../../iot/lib/display';
import { downloadEvaluationCsv, getEvaluation, type EvaluationRow } from '../api/cases-api';
import {
  csvFileName,
  drillRegion,
  EVALUATION_GROUPS,
  EVALUATION_INTERVALS,
  evaluationQuery,
  formatHours,
  formatRate,
  readEvaluationParams,
  writeEvaluationParams,
  type EvaluationParams,
} from '../lib/case-evaluation';

type Count = 'received' | 'registered' | 'closed' | 'closedOnTime' | 'rework' | 'firstTimeClosed';
type Rate =
  'registrationRate' | 'closureRate' | 'onTimeClosureRate' | 'reworkRate' | 'firstTimeRate';
type Hours = 'avgHandleHours' | 'avgCloseHours';

type Figure = { kind: 'count'; key: Count; rate?: Rate } | { kind: 'hours'; key: Hours };

/** Each count beside the rate it makes, the way 考核 tables are read. */
const FIGURES: readonly Figure[] = [
  { kind: 'count', key: 'received' },
  { kind: 'count', key: 'registered', rate: 'registrationRate' },
  { kind: 'count', key: 'closed', rate: 'closureRate' },
  { kind: 'count', key: 'closedOnTime', rate: 'onTimeClosureRate' },
  { kind: 'count', key: 'rework', rate: 'reworkRate' },
  { kind: 'count', key: 'firstTimeClosed', rate: 'firstTimeRate' },
  { kind: 'hours', key: 'avgHandleHours' },
  { kind: 'hours', key: 'avgCloseHours' },
];

/**
 * 考核评价: received, registered, closed (on time), rework and first-time figures per
 * department, region or period, for a region and a date range; the same as CSV.
 */
export function CaseEvaluationPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const choice = useMemo(() => readEvaluationParams(params), [params]);
  const choose = (next: Partial<EvaluationParams>) =>
    setParams(writeEvaluationParams({ ...choice, ...next }));
  const load = useCallback(
    (signal: AbortSignal) => getEvaluation(evaluationQuery(choice), signal),
    [choice],
  );
  const evaluation = useAsync(load);
  const [downloading, setDownloading] = useState(false);

  const download = async () => {
    setDownloading(true);
    try {
      const { blob, fileName } = await downloadEvaluationCsv(evaluationQuery(choice));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = csvFileName(fileName, choice);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setDownloading(false);
    }
  };

  const columns: TableColumnsType<EvaluationRow> = [
    {
      title: t(`cases.eval.group.${choice.groupBy}`),
      key: 'name',
      fixed: 'left',
      width: 220,
      render: (_, row) => {
        const drill = drillRegion(choice.groupBy, row.key);
        return drill ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => choose({ region: drill })}
          >
            {row.name}
          </Button>
        ) : (
          row.name
        );
      },
    },
    ...FIGURES.map((figure) => ({
      title: t(`cases.eval.${figure.key}`),
      key: figure.key,
      align: 'right' as const,
      render: (_: unknown, row: EvaluationRow) => <FigureCell figure={figure} row={row} />,
    })),
  ];

  const data = evaluation.status === 'success' ? evaluation.data : null;
  return (
    <Card
      data-testid="case-evaluation"
      title={t('cases.eval.title')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() => void download()}
          data-testid="evaluation-csv"
        >
          {t('cases.eval.csv')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Segmented
            value={choice.groupBy}
            onChange={(groupBy) => choose({ groupBy })}
            options={EVALUATION_GROUPS.map((g) => ({ value: g, label: t(`cases.eval.by.${g}`) }))}
          />
          {choice.groupBy === 'period' ? (
            <Segmented
              value={choice.interval}
              onChange={(interval) => choose({ interval })}
              options={EVALUATION_INTERVALS.map((i) => ({
                value: i,
                label: t(`cases.eval.interval.${i}`),
              }))}
            />
          ) : null}
          <RegionPicker
            value={choice.region}
            onChange={(region) => choose({ region })}
            placeholder={t('cases.eval.region')}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={[choice.from ? dayjs(choice.from) : null, choice.to ? dayjs(choice.to) : null]}
            onChange={(range) =>
              choose({
                from: range?.[0]?.format('YYYY-MM-DD'),
                to: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
          />
        </Flex>
        {data ? (
          <Typography.Text type="secondary">
            {t('cases.eval.scope', {
              region: data.region.name,
              from: formatDateTime(data.from, locale, { seconds: false }),
              to: formatDateTime(data.to, locale, { seconds: false }),
            })}
          </Typography.Text>
        ) : null}
        {evaluation.status === 'error' ? (
          <Result status="warning" subTitle={describe(evaluation.error)} />
        ) : (
          <Table
            rowKey="key"
            size="small"
            bordered
            data-testid="evaluation-table"
            loading={evaluation.status === 'loading'}
            columns={columns}
            dataSource={data?.rows ?? []}
            pagination={false}
            scroll={{ x: 1000 }}
            summary={() =>
              data ? (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{data.total.name}</Typography.Text>
                    </Table.Summary.Cell>
                    {FIGURES.map((figure, index) => (
                      <Table.Summary.Cell key={figure.key} index={index + 1} align="right">
                        <Typography.Text strong>
                          <FigureCell figure={figure} row={data.total} />
                        </Typography.Text>
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        )}
      </Flex>
    </Card>
  );
}

function FigureCell({ figure, row }: { figure: Figure; row: EvaluationRow }) {
  if (figure.kind === 'hours') return <>{formatHours(row[figure.key])}</>;
  return (
    <Flex vertical gap={0} align="flex-end" data-testid={`eval-${figure.key}`}>
      <span>{row[figure.key]}</span>
      {figure.rate ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatRate(row[figure.rate])}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
