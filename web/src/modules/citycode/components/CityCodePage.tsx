import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../../shared/i18n/i18n-context';
import { CityCodeQr } from './CityCodeQr';
import { MyScansList } from './MyScansList';

/** 随申码: my code, refreshed every minute, and where it was scanned. */
export function CityCodePage() {
  const t = useT();
  const navigate = useNavigate();
  const [refreshKey, setRefreshKey] = useState(0);
  const onRefreshed = useCallback(() => setRefreshKey((k) => k + 1), []);
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate('/portal')}
        style={{ alignSelf: 'flex-start', paddingInline: 0 }}
      >
        {t('citycode.back')}
      </Button>
      <Card title={t('citycode.title')} data-testid="citycode-card">
        <Typography.Paragraph type="secondary">{t('citycode.intro')}</Typography.Paragraph>
        <CityCodeQr onRefreshed={onRefreshed} />
      </Card>
      <Card
        title={t('citycode.scans.title')}
        extra={
          // A scan shows up here at once on reload; otherwise with the next code (a minute).
          <Button
            type="text"
            icon={<ReloadOutlined />}
            onClick={onRefreshed}
            aria-label={t('common.refresh')}
            title={t('common.refresh')}
            data-testid="citycode-scans-reload"
          />
        }
      >
        <MyScansList refreshKey={refreshKey} />
      </Card>
    </>
  );
}
