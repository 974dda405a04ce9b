import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-zh';
import { formatDateTime } from '../../iot/lib/display';
import type { Application, ApplicationStatus, Task } from '../api/services-api';
import {
  APPLICATION_STATUS_COLORS,
  deadlineState,
  ONLINE_LEVEL_COLORS,
  TASK_STATUS_COLORS,
} from '../lib/labels';

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  return (
    <Tag
      color={APPLICATION_STATUS_COLORS[status]}
      data-testid="application-status"
      data-status={status}
    >
      {t(`services.status.${status}`)}
    </Tag>
  );
}

export function TaskStatusTag({ status }: { status: Task['status'] }) {
  const { t } = useI18n();
  return <Tag color={TASK_STATUS_COLORS[status]}>{t(`services.taskStatus.${status}`)}</Tag>;
}

export function OnlineLevelTag({ level }: { level: keyof typeof ONLINE_LEVEL_COLORS }) {
  const { t } = useI18n();
  return <Tag color={ONLINE_LEVEL_COLORS[level]}>{t(`services.onlineLevel.${level}`)}</Tag>;
}

/** The deadline of an open task, flagged when it is near or past. */
export function DeadlineTag({
  task,
}: {
  task: Pick<Task, 'status' | 'overdue' | 'deadlineNear' | 'deadlineAt'>;
}) {
  const { t, locale } = useI18n();
  const state = deadlineState(task);
  if (state === 'none') return null;
  const when = formatDateTime(task.deadlineAt, locale, { seconds: false });
  if (state === 'overdue') {
    return (
      <Tag color="red" icon={<WarningOutlined />}>
        {t('services.deadline.overdue', { when })}
      </Tag>
    );
  }
  return (
    <Tag color={state === 'near' ? 'orange' : 'default'} icon={<ClockCircleOutlined />}>
      {t(state === 'near' ? 'services.deadline.near' : 'services.deadline.open', { when })}
    </Tag>
  );
}

const TIMELINE_ACTIONS = new Set([
  'created',
  'submitted',
  'resubmitted',
  'start',
  'accept',
  'request_supplement',
  'reject',
  'approve',
  'refuse',
  'task_opened',
  'deadline_near',
  'overdue',
]);

/** Every step of an application, oldest first: who did what, when, and why. */
export function ApplicationTimeline({ timeline }: { timeline: Application['timeline'] }) {
  const { t, locale } = useI18n();
  const label = (action: string): string => {
    if (TIMELINE_ACTIONS.has(action)) return t(`services.timeline.${action}` as MessageKey);
    if (action.startsWith('application_')) {
      return t(`services.status.${action.slice('application_'.length)}` as MessageKey);
    }
    return action;
  };
  return (
    <Timeline
      data-testid="application-timeline"
      items={timeline.map((entry) => ({
        color: ['reject', 'refuse', 'overdue'].includes(entry.action)
          ? 'red'
          : entry.action === 'request_supplement' || entry.action === 'deadline_near'
            ? 'orange'
            : 'blue',
        content: (
          <>
            <Typography.Text strong>{label(entry.action)}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {entry.actorName} · {formatDateTime(entry.at, locale, { seconds: false })}
            </Typography.Text>
            {entry.note ? <div>{entry.note}</div> : null}
          </>
        ),
      }))}
    />
  );
}
