import {
  AlertOutlined,
  BarChartOutlined,
  CameraOutlined,
  FileSearchOutlined,
  AuditOutlined,
  ApiOutlined,
  BuildOutlined,
  GlobalOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Layout, Menu, Skeleton } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAccount } from '../../shared/auth/auth-context';
import { useT } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import { NotificationBell } from '../../modules/notifications/components/NotificationBell';
import {
  menuKeyForPath,
  pathForMenuKey,
  WORKBENCH_MENU,
  type WorkbenchMenuKey,
} from './workbench-menu';
import { WorkbenchHome } from './WorkbenchHome';

// Pages load on first visit: the charts library stays out of the region map's chunk.
const DevicesPage = lazy(() =>
  import('../../modules/iot/components/DevicesPage').then((m) => ({ default: m.DevicesPage })),
);
const DeviceDetailPage = lazy(() =>
  import('../../modules/iot/components/DeviceDetailPage').then((m) => ({
    default: m.DeviceDetailPage,
  })),
);
const AlertsPage = lazy(() =>
  import('../../modules/alerts/components/AlertsPage').then((m) => ({ default: m.AlertsPage })),
);
const RulesPage = lazy(() =>
  import('../../modules/alerts/components/RulesPage').then((m) => ({ default: m.RulesPage })),
);
const FacilitiesPage = lazy(() =>
  import('../../modules/facilities/components/FacilitiesPage').then((m) => ({
    default: m.FacilitiesPage,
  })),
);
const FacilityDetailPage = lazy(() =>
  import('../../modules/facilities/components/FacilityDetailPage').then((m) => ({
    default: m.FacilityDetailPage,
  })),
);

const ReviewQueuePage = lazy(() =>
  import('../../modules/services/components/ReviewQueuePage').then((m) => ({
    default: m.ReviewQueuePage,
  })),
);
const ReviewDetailPage = lazy(() =>
  import('../../modules/services/components/ReviewDetailPage').then((m) => ({
    default: m.ReviewDetailPage,
  })),
);

const CasesPage = lazy(() =>
  import('../../modules/cases/components/CasesPage').then((m) => ({ default: m.CasesPage })),
);
const CaseDetailPage = lazy(() =>
  import('../../modules/cases/components/CaseDetailPage').then((m) => ({
    default: m.CaseDetailPage,
  })),
);
const CaseReportPage = lazy(() =>
  import('../../modules/cases/components/CaseReportPage').then((m) => ({
    default: m.CaseReportPage,
  })),
);
const CaseEvaluationPage = lazy(() =>
  import('../../modules/cases/components/CaseEvaluationPage').then((m) => ({
    default: m.CaseEvaluationPage,
  })),
);

const CityCodeAdminPage = lazy(() =>
  import('../../modules/citycode/components/CityCodeAdminPage').then((m) => ({
    default: m.CityCodeAdminPage,
  })),
);
const Open311KeysPage = lazy(() =>
  import('../../modules/open311/components/Open311KeysPage').then((m) => ({
    default: m.Open311KeysPage,
  })),
);
const RelyingPartiesPage = lazy(() =>
  import('../../modules/sso/components/RelyingPartiesPage').then((m) => ({
    default: m.RelyingPartiesPage,
  })),
);

const ICONS: Readonly<Record<WorkbenchMenuKey, ReactNode>> = {
  regions: <GlobalOutlined />,
  devices: <ApiOutlined />,
  alerts: <AlertOutlined />,
  'alert-rules': <NodeIndexOutlined />,
  facilities: <BuildOutlined />,
  applications: <AuditOutlined />,
  cases: <FileSearchOutlined />,
  'case-report': <CameraOutlined />,
  'case-evaluation': <BarChartOutlined />,
  citycode: <QrcodeOutlined />,
  'sso-clients': <SafetyCertificateOutlined />,
  'open311-keys': <KeyOutlined />,
};

/** 工作台: the staff face — side menu, dense content. Modules add their pages here. */
export function WorkbenchFace() {
  const t = useT();
  const account = useAccount();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone (the grid worker's report page) the menu folds away to a tab at the edge.
  const [narrow, setNarrow] = useState(false);
  return (
    <Layout className="onecity-workbench">
      <Layout.Header className="onecity-workbench-header">
        {/* The inbox belongs to staff: their department's notifications (督办 …). */}
        <FaceHeader
          face="workbench"
          extra={account.kind === 'staff' ? <NotificationBell /> : undefined}
        />
      </Layout.Header>
      <Layout>
        <Layout.Sider
          theme="light"
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="md"
          collapsedWidth={narrow ? 0 : 80}
          onBreakpoint={(broken) => {
            setNarrow(broken);
            setCollapsed(broken);
          }}
          className="onecity-workbench-sider"
        >
          <Menu
            mode="inline"
            data-testid="workbench-menu"
            selectedKeys={[menuKeyForPath(pathname)]}
            onClick={({ key }) => void navigate(pathForMenuKey(key))}
            items={WORKBENCH_MENU.map(({ key }) => ({
              key,
              icon: ICONS[key],
              label: t(`workbench.menu.${key}`),
            }))}
          />
        </Layout.Sider>
        <Layout.Content className="onecity-workbench-content">
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            <Routes>
              <Route index element={<WorkbenchHome />} />
              <Route path="devices" element={<DevicesPage />} />
              <Route path="devices/:id" element={<DeviceDetailPage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="alert-rules" element={<RulesPage />} />
              <Route path="facilities" element={<FacilitiesPage />} />
              <Route path="facilities/:id" element={<FacilityDetailPage />} />
              <Route path="applications" element={<ReviewQueuePage />} />
              <Route path="applications/:id" element={<ReviewDetailPage />} />
              <Route path="cases" element={<CasesPage />} />
              <Route path="cases/report" element={<CaseReportPage />} />
              <Route path="cases/:id" element={<CaseDetailPage />} />
              <Route path="case-evaluation" element={<CaseEvaluationPage />} />
              <Route path="citycode" element={<CityCodeAdminPage />} />
              <Route path="sso/clients" element={<RelyingPartiesPage />} />
              <Route path="open311/keys" element={<Open311KeysPage />} />
              <Route path="*" element={<Navigate to="/workbench" replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
