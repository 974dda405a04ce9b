import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../layout/FullPageSpin';
import { useAuth } from './auth-context';
import { canUseFace, landingPath, loginPathFor, type Face } from './landing';

/** Renders a face only for a signed-in account allowed to use it. */
export function RequireAuth({ face, children }: { face: Face; children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'anonymous') {
    return <Navigate to={loginPathFor(location, state.expired)} replace />;
  }
  if (!canUseFace(state.account, face)) return <Navigate to={landingPath(state.account)} replace />;
  return children;
}
