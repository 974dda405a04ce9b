import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Flex,
  Result,
  Segmented,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { getQueue, type QueueEntry } from '../api/services-api';
import { DeadlineTag, TaskStatusTag } from './ServiceTags';

const VIEWS = ['open', 'waiting', 'decided'] as const;
type View = (typeof VIEWS)[number];

/** 审批队列: my department's tasks — to accept (受理) or review — nearest deadline first. */
export function ReviewQueuePage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const view: View = VIEWS.find((v) => v === params.get('view')) ?? 'open';
  const page = Number(params.get('page') ?? '1') || 1;
  const load = useCallback(
    (signal: AbortSignal) => getQueue({ view, limit: 50, offset: (page - 1) * 50 }, signal),
    [view, page],
  );
  const queue = useAsync(load);

  const columns: TableColumnsType<QueueEntry> = [
    {
      title: t('services.field.number'),
      key: 'number',
      render: (_, e) => (
        <Link
          to={`/workbench/applications/${e.application.id}`}
          data-testid={`queue-${e.application.number}`}
        >
          {e.application.number}
        </Link>
      ),
    },
    {
      title: t('services.field.target'),
      key: 'target',
      render: (_, e) => e.application.targetName,
    },
    {
      title: t('services.field.applicant'),
      key: 'applicant',
      render: (_, e) => e.application.applicantName,
    },
    {
      title: t('services.field.task'),
      key: 'task',
      render: (_, e) => (
        <Flex gap={4} align="center" wrap>
          <Tag color={e.task.kind === 'acceptance' ? 'geekblue' : 'purple'}>
            {t(`services.taskKind.${e.task.kind}`)}
          </Tag>
          {e.task.kind === 'review' ? e.task.name : null}
        </Flex>
      ),
    },
    {
      title: t('services.field.status'),
      key: 'status',
      render: (_, e) => <TaskStatusTag status={e.task.status} />,
    },
    {
      title: t('services.field.deadline'),
      key: 'deadline',
      render: (_, e) =>
        view === 'decided' ? (
          formatDateTime(e.task.decidedAt, locale, { seconds: false })
        ) : (
          <DeadlineTag task={e.task} />
        ),
    },
  ];

  return (
    <Card
      data-testid="review-queue"
      title={
        <Flex gap={8} align="center" wrap>
          {t('services.queue.title')}
          {queue.status === 'success' ? (
            <Typography.Text type="secondary">{queue.data.departmentName}</Typography.Text>
          ) : null}
        </Flex>
      }
      extra={
        <Flex gap={8}>
          <Segmented
            value={view}
            options={VIEWS.map((v) => ({ value: v, label: t(`services.queue.view.${v}`) }))}
            onChange={(v) => setParams({ view: String(v) })}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={queue.reload}
            aria-label={t('services.queue.reload')}
          />
        </Flex>
      }
    >
      {queue.status === 'error' ? (
        <Result status="warning" subTitle={describe(queue.error)} />
      ) : (
        <Table
          rowKey={(e) => e.task.id}
          size="middle"
          loading={queue.status === 'loading'}
          columns={columns}
          dataSource={queue.status === 'success' ? queue.data.items : []}
          pagination={{
            current: page,
            pageSize: 50,
            total: queue.status === 'success' ? queue.data.total : 0,
            showSizeChanger: false,
            onChange: (next) => setParams({ view, page: String(next) }),
          }}
        />
      )}
    </Card>
  );
}
