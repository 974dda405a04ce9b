import { FileSearchOutlined, NotificationOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../shared/i18n/i18n-context';

/** The portal home's way to report a problem in the city and follow one's reports. */
export function CasesEntry() {
  const { t } = useI18n();
  return (
    <Card title={t('cases.portal.entryTitle')} data-testid="cases-entry">
      <Typography.Paragraph type="secondary">{t('cases.portal.entryIntro')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Link to="/portal/reports/new">
          <Button type="primary" icon={<NotificationOutlined />} data-testid="entry-report">
            {t('cases.portal.report')}
          </Button>
        </Link>
        <Link to="/portal/reports">
          <Button icon={<FileSearchOutlined />} data-testid="entry-my-reports">
            {t('cases.portal.mine')}
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}
