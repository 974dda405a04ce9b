import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import type { AssuranceLevel } from '../../shared/api/types';
import { useAccount } from '../../shared/auth/auth-context';
import { useT } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import { LocateBox } from '../../modules/regions/components/LocateBox';

const ASSURANCE_COLORS: Readonly<Record<AssuranceLevel, string>> = {
  basic: 'default',
  'real-name': 'blue',
  'real-person': 'green',
};

/** 市民门户: the citizens' and enterprises' face, laid out for a phone first. */
export function PortalFace() {
  const account = useAccount();
  const t = useT();
  return (
    <div className="onecity-portal">
      <FaceHeader face="portal" />
      <main className="onecity-portal-main">
        <Card data-testid="portal-welcome">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('portal.welcome', { name: account.displayName })}
          </Typography.Title>
          <Flex gap={8} wrap align="center">
            <Tag
              icon={<SafetyCertificateOutlined />}
              color={ASSURANCE_COLORS[account.assuranceLevel]}
            >
              {t(`account.assurance.${account.assuranceLevel}`)}
            </Tag>
            <Tag>{t(`account.kind.${account.kind}`)}</Tag>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('portal.intro')}
          </Typography.Paragraph>
        </Card>
        <Card title={t('locate.title')}>
          <Typography.Paragraph type="secondary">{t('locate.intro')}</Typography.Paragraph>
          <LocateBox />
        </Card>
      </main>
    </div>
  );
}
