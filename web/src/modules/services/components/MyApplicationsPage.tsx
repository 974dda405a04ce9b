import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Flex, Result, Skeleton, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { listMyApplications, listNotifications, markNotificationRead } from '../api/services-api';
import { ApplicationStatusTag } from './ServiceTags';

/** 我的办件: every application, newest first, and the messages about them. */
export function MyApplicationsPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback(
    (signal: AbortSignal) =>
      Promise.all([
        listMyApplications({ limit: 100, offset: 0 }, signal),
        listNotifications(signal),
      ]).then(([applications, notifications]) => ({ applications, notifications })),
    [],
  );
  const data = useAsync(load);
  if (data.status === 'loading') return <Skeleton active />;
  if (data.status === 'error') return <Result status="warning" subTitle={describe(data.error)} />;
  const { applications, notifications } = data.data;

  return (
    <>
      <Card
        title={
          <Badge count={notifications.unread} size="small" offset={[8, 0]}>
            <BellOutlined /> {t('services.notifications.title')}
          </Badge>
        }
        data-testid="notifications"
      >
        <Flex vertical gap={8}>
          {notifications.items.slice(0, 5).map((n) => (
            <Link
              key={n.id}
              to={
                n.applicationId ? `/portal/applications/${n.applicationId}` : '/portal/applications'
              }
              onClick={() => {
                if (!n.read) void markNotificationRead(n.id);
              }}
            >
              <Typography.Text strong={!n.read}>{n.title}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {formatDateTime(n.createdAt, locale, { seconds: false })}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">{n.body}</Typography.Text>
              </div>
            </Link>
          ))}
          {notifications.items.length === 0 ? (
            <Typography.Text type="secondary">{t('services.notifications.none')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
      <Card
        title={t('services.nav.applications')}
        extra={
          <Link to="/portal/services">
            <Button type="link">{t('services.nav.services')}</Button>
          </Link>
        }
      >
        <Flex vertical gap={8} data-testid="my-applications">
          {applications.items.map((a) => (
            <Link
              key={a.id}
              to={
                a.status === 'draft'
                  ? `/portal/applications/${a.id}/edit`
                  : `/portal/applications/${a.id}`
              }
            >
              <Card size="small" hoverable data-testid={`application-${a.number}`}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{a.targetName}</Typography.Text>
                  <ApplicationStatusTag status={a.status} />
                </Flex>
                <Typography.Text type="secondary">
                  {a.number} ·{' '}
                  {formatDateTime(a.submittedAt ?? a.createdAt, locale, { seconds: false })}
                </Typography.Text>
              </Card>
            </Link>
          ))}
          {applications.items.length === 0 ? (
            <Empty description={t('services.applications.none')} />
          ) : null}
        </Flex>
      </Card>
    </>
  );
}
