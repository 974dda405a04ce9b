import { Badge, Button, Card, Empty, Flex, Result, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useLiveList } from '../hooks/use-live-list';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { listCases, type CaseAction, type CaseSummary } from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import { isDanger, rowActions } from '../lib/case-actions';
import { caseListQuery, type CaseFilters } from '../lib/case-filters';
import { assigneeOf, BOARD_COLUMNS, classNameOf, groupByColumn, placeOf } from '../lib/case-status';
import { useCaseAction, type ActionTarget } from './CaseActionModal';
import { CaseFilterBar } from './CaseFilterBar';
import { CaseFlags, DeadlineTag, PriorityTag, StageTag } from './CaseTags';

/** One board holds what a district's dispatchers handle in a day; more stays in the table. */
const BOARD_LIMIT = 200;
const IN_PROGRESS = ['dispatched', 'handling', 'verifying', 'verified'] as const;

interface DispatchBoardProps {
  filters: CaseFilters;
  onFilters: (next: CaseFilters) => void;
}

/**
 * 派遣看板: what waits for the dispatcher (to dispatch, extension requests, to send for
 * verification) beside what they watch (dispatched and in hand), most urgent on top.
 */
export function DispatchBoard({ filters, onFilters }: DispatchBoardProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { classes, departments } = useCaseReference();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const paged = { ...filters, page: 1, pageSize: BOARD_LIMIT };
      const [waiting, watching] = await Promise.all([
        listCases(caseListQuery('dispatch', paged), signal),
        listCases(
          { ...caseListQuery('all', paged), stage: [...IN_PROGRESS], sort: 'deadline' },
          signal,
        ),
      ]);
      return {
        items: [...waiting.items, ...watching.items],
        total: waiting.total + watching.total,
      };
    },
    [filters],
  );
  const board = useLiveList(load);
  const { start, element } = useCaseAction(() => board.reload());
  const columns = useMemo(
    () => groupByColumn(board.status === 'success' ? board.data.items : []),
    [board],
  );

  return (
    <Flex vertical gap={12}>
      <CaseFilterBar tab="dispatch" filters={filters} classes={classes} onChange={onFilters} />
      {board.status === 'error' ? (
        <Result status="warning" subTitle={describe(board.error)} />
      ) : (
        <div className="onecity-case-board" data-testid="dispatch-board">
          {BOARD_COLUMNS.map((column) => (
            <Card
              key={column}
              size="small"
              className="onecity-case-board-column"
              data-testid={`board-${column}`}
              loading={board.status === 'loading'}
              title={
                <Flex gap={8} align="center">
                  {t(`cases.board.${column}`)}
                  <Badge
                    count={columns[column].length}
                    showZero
                    color={column === 'in_progress' ? '#8c8c8c' : '#1677ff'}
                  />
                </Flex>
              }
            >
              {columns[column].length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.board.empty')} />
              ) : (
                <Flex vertical gap={8}>
                  {columns[column].map((c) => (
                    <BoardCard
                      key={c.id}
                      c={c}
                      assignee={assigneeOf(c, departments, locale)}
                      onAction={start}
                    />
                  ))}
                </Flex>
              )}
            </Card>
          ))}
        </div>
      )}
      {element}
    </Flex>
  );
}

function BoardCard({
  c,
  assignee,
  onAction,
}: {
  c: CaseSummary;
  assignee: ReturnType<typeof assigneeOf>;
  onAction: (target: ActionTarget, action: CaseAction) => void;
}) {
  const { t, locale } = useI18n();
  const actions = rowActions('dispatch', c);
  return (
    <Card
      size="small"
      className={`onecity-case-card${c.overdue ? ' onecity-case-card-overdue' : ''}`}
      data-testid={`board-card-${c.number}`}
    >
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Link to={`/workbench/cases/${c.id}`}>{c.number}</Link>
          <DeadlineTag c={c} />
        </Flex>
        <Typography.Text strong>{classNameOf(c, locale)}</Typography.Text>
        <Typography.Text type="secondary" ellipsis={{ tooltip: c.description }}>
          {c.description}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {placeOf(c, locale)}
        </Typography.Text>
        <Flex gap={4} wrap>
          <StageTag stage={c.stage} />
          <PriorityTag priority={c.priority} />
          <CaseFlags c={c} />
        </Flex>
        {assignee ? (
          <Typography.Text style={{ fontSize: 12 }}>
            {assignee.kind === 'grid'
              ? t('cases.dispatch.keepInGrid')
              : t('cases.board.assignee', { name: assignee.name })}
          </Typography.Text>
        ) : null}
        {actions.length > 0 ? (
          <Flex gap={4} wrap>
            {actions.map((action, index) => (
              <Button
                key={action}
                size="small"
                type={index === 0 && !isDanger(action) ? 'primary' : 'default'}
                danger={isDanger(action)}
                data-testid={`board-action-${action}-${c.number}`}
                onClick={() => onAction(c, action)}
              >
                {t(`cases.action.${action}`)}
              </Button>
            ))}
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
