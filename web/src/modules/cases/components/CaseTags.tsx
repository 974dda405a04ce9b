import { Flex, Tag, Tooltip } from 'antd';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { useNow } from '../../../shared/hooks/use-now';
import { formatDateTime } from '../../iot/lib/display';
import type { CasePriority, CaseStage, CaseSummary } from '../api/cases-api';
import { DEADLINE_COLORS, deadlineOf, formatSpan } from '../lib/case-deadline';
import { PRIORITY_COLORS, STAGE_COLORS } from '../lib/case-status';

export function StageTag({ stage }: { stage: CaseStage }) {
  const { t } = useI18n();
  return (
    <Tag color={STAGE_COLORS[stage]} data-testid="case-stage" data-stage={stage}>
      {t(`cases.stage.${stage}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const { t } = useI18n();
  return <Tag color={PRIORITY_COLORS[priority]}>{t(`cases.priority.${priority}`)}</Tag>;
}

type DeadlineFields = Pick<CaseSummary, 'deadlineAt' | 'deadlineStage' | 'overdue' | 'suspended'>;

/** "处置剩 3小时5分" / "处置超时 1天2小时", with the exact time on hover. */
export function DeadlineTag({ c }: { c: DeadlineFields }) {
  const { t, locale } = useI18n();
  const now = useNow(60_000);
  const view = deadlineOf(c, now);
  if (view.state === 'none') {
    return c.overdue ? <Tag color="error">{t('cases.flag.overdue')}</Tag> : null;
  }
  const stage = view.stage ? t(`cases.deadlineStage.${view.stage}`) : '';
  const span = view.minutesLeft === null ? '' : formatSpan(view.minutesLeft, locale);
  const text =
    view.state === 'overdue'
      ? view.minutesLeft !== null && view.minutesLeft < 0
        ? t('cases.deadline.over', { stage, span })
        : t('cases.deadline.overdue', { stage })
      : t('cases.deadline.left', { stage, span });
  return (
    <Tooltip
      title={t('cases.deadline.at', {
        at: formatDateTime(c.deadlineAt, locale, { seconds: false }),
      })}
    >
      <Tag color={DEADLINE_COLORS[view.state]} data-testid="case-deadline" data-state={view.state}>
        {text}
      </Tag>
    </Tooltip>
  );
}

type FlagFields = Pick<
  CaseSummary,
  'overdue' | 'supervised' | 'suspended' | 'escalationLevel' | 'extensionRequest' | 'reworkCount'
>;

/** 超期 · 督办 · 挂账 · 延期待批 · 返工 · the level now supervising it. */
export function CaseFlags({ c }: { c: FlagFields }) {
  const { t } = useI18n();
  return (
    <Flex gap={4} wrap>
      {c.overdue ? (
        <Tag color="red" data-testid="flag-overdue">
          {t('cases.flag.overdue')}
        </Tag>
      ) : null}
      {c.supervised ? (
        <Tag color="magenta" data-testid="flag-supervised">
          {t('cases.flag.supervised')}
        </Tag>
      ) : null}
      {c.suspended ? <Tag color="default">{t('cases.flag.suspended')}</Tag> : null}
      {c.extensionRequest ? (
        <Tag color="gold">{t('cases.flag.extension', { hours: c.extensionRequest.hours })}</Tag>
      ) : null}
      {c.reworkCount > 0 ? (
        <Tag color="volcano">{t('cases.flag.rework', { count: c.reworkCount })}</Tag>
      ) : null}
      {c.escalationLevel !== 'grid' ? (
        <Tag color="purple">
          {t('cases.flag.level', { level: t(`cases.level.${c.escalationLevel}`) })}
        </Tag>
      ) : null}
    </Flex>
  );
}
