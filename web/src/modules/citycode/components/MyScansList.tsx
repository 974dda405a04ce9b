import { Button, Flex, List, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { listMyScans, type MyScan } from '../api/citycode-api';
import { attributeLabel } from '../lib/holder-labels';
import { formatScanTime, reasonOf } from '../lib/scan-display';
import { sceneName } from '../lib/scene-name';

const PAGE_SIZE = 10;

/** Where my code was scanned: every scan of my codes, allowed or not, newest first. */
export function MyScansList({ refreshKey }: { refreshKey: number }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [page, setPage] = useState(1);
  const load = useCallback(
    (signal: AbortSignal) =>
      listMyScans({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    // refreshKey: a new code was shown, so there may be new scans to list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [page, refreshKey],
  );
  const scans = useAsync(load);

  // Which rule was not met is the holder's own business: say it (不符合条件：年龄).
  const denyText = (scan: MyScan) => {
    const reason = t(`citycode.reason.${reasonOf(scan.reason)}`);
    return scan.rule
      ? t('citycode.reason.failedRule', { reason, rule: attributeLabel(t, scan.rule) })
      : reason;
  };

  return (
    <Flex vertical gap={8} data-testid="citycode-scans">
      {scans.status === 'error' ? (
        <Typography.Text type="danger">
          {describe(scans.error)}{' '}
          <Button type="link" size="small" onClick={scans.reload}>
            {t('citycode.retry')}
          </Button>
        </Typography.Text>
      ) : (
        <List<MyScan>
          loading={scans.status === 'loading'}
          dataSource={scans.status === 'success' ? scans.data.items : []}
          locale={{ emptyText: t('citycode.scans.none') }}
          pagination={
            scans.status === 'success' && scans.data.total > PAGE_SIZE
              ? {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: scans.data.total,
                  onChange: setPage,
                  size: 'small',
                  simple: true,
                }
              : false
          }
          renderItem={(scan) => (
            <List.Item
              data-testid="citycode-scan"
              extra={
                scan.decision === 'allow' ? (
                  <Tag color="green">{t('citycode.scan.allow')}</Tag>
                ) : (
                  <Tag color="red">{denyText(scan)}</Tag>
                )
              }
            >
              <List.Item.Meta
                title={sceneName(scan.scene, locale)}
                description={
                  <>
                    {formatScanTime(scan.scannedAt, locale)} · {scan.scanner.name}
                    {scan.scanner.place ? ` · ${scan.scanner.place}` : ''}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
