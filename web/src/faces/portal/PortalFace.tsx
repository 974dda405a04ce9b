import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { Route, Routes } from 'react-router';
import type { AssuranceLevel } from '../../shared/api/types';
import { useAccount } from '../../shared/auth/auth-context';
import { useT } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import { LocateBox } from '../../modules/regions/components/LocateBox';
import { CityCodeEntry } from '../../modules/citycode/components/CityCodeEntry';
import { CityCodePage } from '../../modules/citycode/components/CityCodePage';
import { ServicesEntry } from '../../modules/services/components/ServicesEntry';
import { ServicesHomePage } from '../../modules/services/components/ServicesHomePage';
import { ServiceDetailPage } from '../../modules/services/components/ServiceDetailPage';
import { ApplyPage } from '../../modules/services/components/ApplyPage';
import { MyApplicationsPage } from '../../modules/services/components/MyApplicationsPage';
import { ApplicationProgressPage } from '../../modules/services/components/ApplicationProgressPage';
import { MyLicencesPage } from '../../modules/licences/components/MyLicencesPage';
import { CasesEntry } from '../../modules/cases/components/CasesEntry';
import { MyReportsPage } from '../../modules/cases/components/MyReportsPage';
import { ReportProblemPage } from '../../modules/cases/components/ReportProblemPage';
import { ReportProgressPage } from '../../modules/cases/components/ReportProgressPage';

const ASSURANCE_COLORS: Readonly<Record<AssuranceLevel, string>> = {
  basic: 'default',
  'real-name': 'blue',
  'real-person': 'green',
};

/** 市民门户: the citizens' and enterprises' face, laid out for a phone first. */
export function PortalFace() {
  return (
    <div className="onecity-portal">
      <FaceHeader face="portal" />
      <main className="onecity-portal-main">
        <Routes>
          <Route index element={<PortalHome />} />
          <Route path="citycode" element={<CityCodePage />} />
          <Route path="services" element={<ServicesHomePage />} />
          <Route path="services/items/:id" element={<ServiceDetailPage kind="item" />} />
          <Route path="services/bundles/:id" element={<ServiceDetailPage kind="bundle" />} />
          <Route path="apply/:kind/:id" element={<ApplyPage />} />
          <Route path="applications" element={<MyApplicationsPage />} />
          <Route path="applications/:id" element={<ApplicationProgressPage />} />
          <Route path="applications/:applicationId/edit" element={<ApplyPage />} />
          <Route path="licences" element={<MyLicencesPage />} />
          <Route path="reports" element={<MyReportsPage />} />
          <Route path="reports/new" element={<ReportProblemPage />} />
          <Route path="reports/:id" element={<ReportProgressPage />} />
          <Route path="*" element={<PortalHome />} />
        </Routes>
      </main>
    </div>
  );
}

function PortalHome() {
  const account = useAccount();
  const t = useT();
  return (
    <>
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
      <ServicesEntry />
      <CasesEntry />
      {account.kind === 'citizen' ? <CityCodeEntry /> : null}
      <Card title={t('locate.title')}>
        <Typography.Paragraph type="secondary">{t('locate.intro')}</Typography.Paragraph>
        <LocateBox />
      </Card>
    </>
  );
}
