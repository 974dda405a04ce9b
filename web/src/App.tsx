import { Button, Result } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router';
import { AuthProvider } from './shared/auth/AuthProvider';
import { useAuth } from './shared/auth/auth-context';
import { landingPath } from './shared/auth/landing';
import { RequireAuth } from './shared/auth/RequireAuth';
import { I18nProvider } from './shared/i18n/I18nProvider';
import { useT } from './shared/i18n/i18n-context';
import { FullPageSpin } from './shared/layout/FullPageSpin';
import { LoginCallbackPage } from './modules/identity/components/LoginCallbackPage';
import { LoginPage } from './modules/identity/components/LoginPage';

// Each face is its own chunk: a citizen on a phone never downloads the map engine.
const PortalFace = lazy(() =>
  import('./faces/portal/PortalFace').then((m) => ({ default: m.PortalFace })),
);
const WorkbenchFace = lazy(() =>
  import('./faces/workbench/WorkbenchFace').then((m) => ({ default: m.WorkbenchFace })),
);
const ScreenFace = lazy(() =>
  import('./faces/screen/ScreenFace').then((m) => ({ default: m.ScreenFace })),
);

function Home() {
  const { state } = useAuth();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace />;
  return <Navigate to={landingPath(state.account)} replace />;
}

function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.pageNotFound')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}

export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <AuthProvider>
          <Suspense fallback={<FullPageSpin />}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/login/callback" element={<LoginCallbackPage />} />
              <Route
                path="/portal/*"
                element={
                  <RequireAuth face="portal">
                    <PortalFace />
                  </RequireAuth>
                }
              />
              <Route
                path="/workbench/*"
                element={
                  <RequireAuth face="workbench">
                    <WorkbenchFace />
                  </RequireAuth>
                }
              />
              <Route
                path="/screen/*"
                element={
                  <RequireAuth face="screen">
                    <ScreenFace />
                  </RequireAuth>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </AuthProvider>
      </BrowserRouter>
    </I18nProvider>
  );
}
