import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Steps, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { getApplication } from '../api/services-api';
import { PROGRESS_STAGES, progressIndex } from '../lib/labels';
import {
  ApplicationStatusTag,
  ApplicationTimeline,
  DeadlineTag,
  TaskStatusTag,
} from './ServiceTags';

/** 办件进度: where an application stands, each department's part, every step so far. */
export function ApplicationProgressPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => getApplication(id, signal), [id]);
  const application = useAsync(load);
  if (application.status === 'loading') return <Skeleton active />;
  if (application.status === 'error') {
    return <Result status="warning" subTitle={describe(application.error)} />;
  }
  const a = application.data;
  const failed = a.status === 'rejected' || a.status === 'refused';
  const reviews = a.tasks.filter((task) => task.kind === 'review');

  return (
    <>
      <Card data-testid="application-progress">
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {a.targetName}
          </Typography.Title>
          <ApplicationStatusTag status={a.status} />
        </Flex>
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 8 }}
          items={[
            { key: 'number', label: t('services.field.number'), children: a.number },
            {
              key: 'submitted',
              label: t('services.field.submittedAt'),
              children: formatDateTime(a.submittedAt, locale, { seconds: false }) || '—',
            },
            ...(a.promisedBy
              ? [
                  {
                    key: 'promised',
                    label: t('services.field.promisedBy'),
                    children: formatDateTime(a.promisedBy, locale, { seconds: false }),
                  },
                ]
              : []),
          ]}
        />
        <Steps
          size="small"
          style={{ marginTop: 12 }}
          current={progressIndex(a.status)}
          status={failed ? 'error' : a.status === 'delivered' ? 'finish' : 'process'}
          items={PROGRESS_STAGES.map((stage) => ({ title: t(`services.progress.${stage}`) }))}
        />
        {a.status === 'supplement_requested' && a.supplement ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('services.apply.supplement', { reason: a.supplement.reason })}
            action={
              <Link to={`/portal/applications/${a.id}/edit`}>
                <Button size="small" type="primary" data-testid="supplement-edit">
                  {t('services.progress.supplementAction')}
                </Button>
              </Link>
            }
          />
        ) : null}
        {failed && a.outcomeReason ? (
          <Alert type="error" showIcon style={{ marginTop: 12 }} title={a.outcomeReason} />
        ) : null}
        {a.status === 'delivered' ? (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            title={t('services.progress.delivered')}
            action={
              <Link to="/portal/licences">
                <Button size="small" icon={<SafetyCertificateOutlined />} data-testid="to-licences">
                  {t('services.nav.licences')}
                </Button>
              </Link>
            }
          />
        ) : null}
      </Card>

      {reviews.length > 0 ? (
        <Card title={t('services.progress.departments')}>
          <Flex vertical gap={8} data-testid="application-tasks">
            {reviews.map((task) => (
              <Flex key={task.id} justify="space-between" align="center" gap={8} wrap>
                <div>
                  <Typography.Text strong>{task.name}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{task.departmentName}</Typography.Text>
                  </div>
                  {task.licenceNumber ? (
                    <Typography.Text type="success">
                      {t('services.progress.licenceIssued', { number: task.licenceNumber })}
                    </Typography.Text>
                  ) : null}
                </div>
                <Flex gap={4} wrap>
                  <TaskStatusTag status={task.status} />
                  <DeadlineTag task={task} />
                </Flex>
              </Flex>
            ))}
          </Flex>
        </Card>
      ) : null}

      <Card title={t('services.progress.timeline')}>
        <ApplicationTimeline timeline={a.timeline} />
      </Card>
    </>
  );
}
