import { BellOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Drawer, Empty, Flex, List, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import type { Notification } from '../api/notifications-api';
import { useInbox } from '../hooks/use-inbox';
import { badgeText, headlineOf, linkOf, noteKeyOf } from '../lib/inbox';

/** 站内通知: the bell in the workbench header and the drawer with my department's inbox. */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const describe = useErrorMessage();
  const navigate = useNavigate();
  const { inbox, error, refresh, markRead, markAll } = useInbox();
  const [open, setOpen] = useState(false);
  const unread = inbox?.unreadCount ?? 0;

  const act = (work: () => Promise<void>) =>
    work().catch((failure: unknown) => void message.error(describe(failure)));

  const openNotification = (n: Notification) =>
    act(async () => {
      if (!n.read) await markRead(n.id);
      const link = linkOf(n);
      if (link) {
        setOpen(false);
        void navigate(link);
      }
    });

  return (
    <>
      <Tooltip title={t('notifications.title')}>
        <Button
          type="text"
          data-testid="notification-bell"
          data-unread={unread}
          aria-label={
            unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.title')
          }
          onClick={() => {
            setOpen(true);
            void refresh();
          }}
        >
          <Badge count={badgeText(unread)} size="small" offset={[4, -2]}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        </Button>
      </Tooltip>
      <Drawer
        title={t('notifications.title')}
        open={open}
        onClose={() => setOpen(false)}
        size={420}
        data-testid="notification-drawer"
        extra={
          <Button
            size="small"
            disabled={unread === 0}
            data-testid="notification-read-all"
            onClick={() => act(markAll)}
          >
            {t('notifications.readAll')}
          </Button>
        }
      >
        {error && !inbox ? (
          <Alert type="warning" showIcon title={describe(error)} />
        ) : (
          <List<Notification>
            loading={!inbox}
            dataSource={inbox?.items ?? []}
            locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
            footer={
              inbox && inbox.total > inbox.items.length ? (
                <Typography.Text type="secondary">
                  {t('notifications.more', { shown: inbox.items.length, total: inbox.total })}
                </Typography.Text>
              ) : null
            }
            renderItem={(n) => {
              const headline = headlineOf(
                n,
                (level) => t(`cases.level.${level}`),
                (severity) => t(`alerts.severity.${severity}`),
              );
              return (
                <List.Item
                  data-testid={`notification-${n.id}`}
                  data-read={n.read}
                  style={{ cursor: linkOf(n) ? 'pointer' : undefined }}
                  onClick={() => openNotification(n)}
                  actions={
                    n.read
                      ? []
                      : [
                          <Button
                            key="read"
                            type="link"
                            size="small"
                            onClick={(event) => {
                              event.stopPropagation();
                              void act(() => markRead(n.id));
                            }}
                          >
                            {t('notifications.markRead')}
                          </Button>,
                        ]
                  }
                >
                  <Flex vertical gap={2} style={{ minWidth: 0 }}>
                    <Flex align="center" gap={6}>
                      {n.read ? null : <Badge status="processing" />}
                      <Typography.Text strong={!n.read}>
                        {t(headline.key, headline.params)}
                      </Typography.Text>
                    </Flex>
                    {n.note ? (
                      <Typography.Text type="secondary" ellipsis={{ tooltip: n.note }}>
                        {t(noteKeyOf(n), { note: n.note })}
                      </Typography.Text>
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt, locale, { seconds: false })}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              );
            }}
          />
        )}
      </Drawer>
    </>
  );
}
