import './cases.css';
import { NotificationOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Result, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { getCase, listCases, type CaseSummary } from '../api/cases-api';
import { CITIZEN_STATUS_COLORS, citizenStatusOf, classNameOf, replyOf } from '../lib/case-status';

const PAGE_SIZE = 10;
const ANSWERED: ReadonlySet<string> = new Set(['closed', 'rejected']);

/**
 * 我的反映: the problems I reported, newest first, each with where it stands and — once it is
 * closed or declined — the answer the department wrote.
 */
export function MyReportsPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [page, setPage] = useState(1);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const list = await listCases(
        { mine: true, sort: 'newest', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        signal,
      );
      // Answers live in the timeline: fetched for the few answered reports on this page.
      const replies = await Promise.all(
        list.items.map((c) =>
          ANSWERED.has(c.stage)
            ? getCase(c.id, signal).then(replyOf, () => null)
            : Promise.resolve(null),
        ),
      );
      return { ...list, replies };
    },
    [page],
  );
  const reports = useAsync(load);

  return (
    <Card
      title={t('cases.portal.mine')}
      data-testid="my-reports"
      extra={
        <Link to="/portal/reports/new">
          <Button type="primary" size="small" icon={<NotificationOutlined />}>
            {t('cases.portal.report')}
          </Button>
        </Link>
      }
    >
      {reports.status === 'error' ? (
        <Result status="warning" subTitle={describe(reports.error)} />
      ) : (
        <List<CaseSummary>
          loading={reports.status === 'loading'}
          dataSource={reports.status === 'success' ? reports.data.items : []}
          locale={{
            emptyText: <Empty description={t('cases.portal.none')} />,
          }}
          pagination={
            reports.status === 'success' && reports.data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: reports.data.total, onChange: setPage }
              : false
          }
          renderItem={(c, index) => {
            const status = citizenStatusOf(c.stage);
            const reply = reports.status === 'success' ? reports.data.replies[index] : null;
            return (
              <List.Item data-testid={`my-report-${c.number}`} data-stage={c.stage}>
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex justify="space-between" align="center" gap={8}>
                    <Link to={`/portal/reports/${c.id}`}>
                      <Typography.Text strong>{classNameOf(c, locale)}</Typography.Text>
                    </Link>
                    <Tag color={CITIZEN_STATUS_COLORS[status]} data-testid="my-report-status">
                      {t(`cases.citizen.${status}`)}
                    </Tag>
                  </Flex>
                  <Typography.Text ellipsis>{c.description}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.number} · {formatDateTime(c.createdAt, locale, { seconds: false })} ·{' '}
                    {c.address ?? c.regionNames.street}
                  </Typography.Text>
                  {reply ? (
                    <div className="onecity-case-reply" data-testid="my-report-reply">
                      <Typography.Text type="secondary">
                        {t(
                          reply.action === 'close'
                            ? 'cases.citizen.reply'
                            : 'cases.citizen.rejectReason',
                        )}
                      </Typography.Text>
                      <Typography.Paragraph style={{ margin: 0 }}>
                        {reply.note}
                      </Typography.Paragraph>
                    </div>
                  ) : null}
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
