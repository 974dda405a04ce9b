import { AppstoreOutlined, FileDoneOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../shared/i18n/i18n-context';

/** The portal home's way into 一网通办: services, my applications, my licences. */
export function ServicesEntry() {
  const { t } = useI18n();
  return (
    <Card title={t('services.entry.title')} data-testid="services-entry">
      <Typography.Paragraph type="secondary">{t('services.entry.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Link to="/portal/services">
          <Button type="primary" icon={<AppstoreOutlined />} data-testid="entry-services">
            {t('services.nav.services')}
          </Button>
        </Link>
        <Link to="/portal/applications">
          <Button icon={<FileDoneOutlined />} data-testid="entry-applications">
            {t('services.nav.applications')}
          </Button>
        </Link>
        <Link to="/portal/licences">
          <Button icon={<SafetyCertificateOutlined />} data-testid="entry-licences">
            {t('services.nav.licences')}
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}
