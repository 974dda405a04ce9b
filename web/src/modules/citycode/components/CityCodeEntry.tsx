import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../../shared/i18n/i18n-context';

/** The portal's way in to the city code. */
export function CityCodeEntry() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Card data-testid="citycode-entry">
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Flex vertical>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('citycode.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('citycode.entry.intro')}</Typography.Text>
        </Flex>
        <Button
          type="primary"
          icon={<QrcodeOutlined />}
          onClick={() => void navigate('/portal/citycode')}
        >
          {t('citycode.entry.open')}
        </Button>
      </Flex>
    </Card>
  );
}
