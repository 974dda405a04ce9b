import {
  Button,
  Card,
  Flex,
  Grid,
  List,
  Result,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useLiveList } from '../hooks/use-live-list';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { listCases, type CaseSummary } from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import { isDanger, rowActions } from '../lib/case-actions';
import {
  caseListQuery,
  CASE_PAGE_SIZES,
  type CaseFilters,
  type CaseTab,
} from '../lib/case-filters';
import { classNameOf } from '../lib/case-status';
import { useCaseAction } from './CaseActionModal';
import { CaseFilterBar } from './CaseFilterBar';
import { CaseFlags, DeadlineTag, PriorityTag, StageTag } from './CaseTags';

interface CaseQueueTableProps {
  tab: CaseTab;
  filters: CaseFilters;
  onFilters: (next: CaseFilters) => void;
}

/** One queue as a dense table: filters above, the step's buttons on every row. */
export function CaseQueueTable({ tab, filters, onFilters }: CaseQueueTableProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { classes } = useCaseReference();
  const load = useCallback(
    (signal: AbortSignal) => listCases(caseListQuery(tab, filters), signal),
    [tab, filters],
  );
  const list = useLiveList(load);
  const { start, element } = useCaseAction(() => list.reload());
  // On a phone (a grid worker verifying on site) rows become cards a thumb can work.
  const compact = !Grid.useBreakpoint().md;
  const actionButtons = (c: CaseSummary) =>
    rowActions(tab, c).map((action, index) => (
      <Button
        key={action}
        size={compact ? 'middle' : 'small'}
        type={index === 0 && !isDanger(action) ? 'primary' : 'default'}
        danger={isDanger(action)}
        data-testid={`row-action-${action}-${c.number}`}
        onClick={() => start(c, action)}
      >
        {t(`cases.action.${action}`)}
      </Button>
    ));
  const pagination = {
    current: filters.page,
    pageSize: filters.pageSize,
    total: list.status === 'success' ? list.data.total : 0,
    onChange: (page: number, pageSize: number) => onFilters({ ...filters, page, pageSize }),
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.field.number'),
      key: 'number',
      width: 170,
      render: (_, c) => (
        <Link to={`/workbench/cases/${c.id}`} data-testid={`case-row-${c.number}`}>
          {c.number}
        </Link>
      ),
    },
    {
      title: t('cases.field.class'),
      key: 'class',
      render: (_, c) => (
        <Flex vertical gap={2}>
          <span>{classNameOf(c, locale)}</span>
          <Typography.Text
            type="secondary"
            ellipsis={{ tooltip: c.description }}
            style={{ maxWidth: 260 }}
          >
            {c.description}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('cases.field.place'),
      key: 'place',
      render: (_, c) => (
        <Flex vertical gap={2}>
          <span>{c.regionNames.street}</span>
          <Typography.Text type="secondary">{c.regionNames.grid}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('cases.field.source'),
      key: 'source',
      width: 100,
      render: (_, c) => t(`cases.source.${c.source}`),
    },
    {
      title: t('cases.field.status'),
      key: 'status',
      render: (_, c) => (
        <Flex gap={4} wrap>
          <StageTag stage={c.stage} />
          <PriorityTag priority={c.priority} />
          <CaseFlags c={c} />
        </Flex>
      ),
    },
    {
      title: t('cases.field.deadline'),
      key: 'deadline',
      width: 150,
      render: (_, c) => <DeadlineTag c={c} />,
    },
    {
      title: t('cases.field.reportedAt'),
      key: 'createdAt',
      width: 150,
      render: (_, c) => formatDateTime(c.createdAt, locale, { seconds: false }),
    },
  ];
  if (tab !== 'all') {
    columns.push({
      title: t('cases.field.actions'),
      key: 'actions',
      render: (_, c) => (
        <Flex gap={4} wrap>
          {actionButtons(c)}
        </Flex>
      ),
    });
  }

  return (
    <Flex vertical gap={12}>
      <CaseFilterBar tab={tab} filters={filters} classes={classes} onChange={onFilters} />
      {list.status === 'error' ? (
        <Result status="warning" subTitle={describe(list.error)} />
      ) : compact ? (
        <List<CaseSummary>
          data-testid={`case-table-${tab}`}
          loading={list.status === 'loading'}
          dataSource={list.status === 'success' ? list.data.items : []}
          pagination={{ ...pagination, size: 'small', simple: true }}
          renderItem={(c) => (
            <List.Item style={{ padding: '6px 0' }}>
              <Card size="small" style={{ width: '100%' }}>
                <Flex vertical gap={6}>
                  <Flex justify="space-between" align="center" gap={8} wrap>
                    <Link to={`/workbench/cases/${c.id}`} data-testid={`case-row-${c.number}`}>
                      {c.number}
                    </Link>
                    <DeadlineTag c={c} />
                  </Flex>
                  <Typography.Text strong>{classNameOf(c, locale)}</Typography.Text>
                  <Typography.Text type="secondary">{c.description}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.regionNames.street} · {c.regionNames.grid}
                    {c.address ? ` · ${c.address}` : ''}
                  </Typography.Text>
                  <Flex gap={4} wrap>
                    <StageTag stage={c.stage} />
                    <PriorityTag priority={c.priority} />
                    <CaseFlags c={c} />
                  </Flex>
                  {tab !== 'all' ? (
                    <Flex gap={8} wrap>
                      {actionButtons(c)}
                    </Flex>
                  ) : null}
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          data-testid={`case-table-${tab}`}
          loading={list.status === 'loading'}
          columns={columns}
          dataSource={list.status === 'success' ? list.data.items : []}
          scroll={{ x: 1100 }}
          pagination={{
            ...pagination,
            pageSizeOptions: CASE_PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      )}
      {element}
    </Flex>
  );
}
