import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired, tokenStore } from '../api/api';
import type { Account } from '../api/types';
import { AuthContext, type AuthState, type AuthValue } from './auth-context';
import { fetchMe, requestLogin } from './session-api';

export function AuthProvider({ children }: { children: ReactNode }) {
  // A token left in this tab (a reload) is checked against /me before any page trusts it.
  const [state, setState] = useState<AuthState>(() =>
    tokenStore.get() ? { status: 'loading' } : { status: 'anonymous', expired: false },
  );

  useEffect(() => {
    if (tokenStore.get() === null) return;
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (account) => {
        if (!controller.signal.aborted) setState({ status: 'authenticated', account });
      },
      () => {
        if (controller.signal.aborted) return;
        tokenStore.clear();
        setState({ status: 'anonymous', expired: false });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => onSessionExpired(() => setState({ status: 'anonymous', expired: true })), []);

  const login = useCallback(async (username: string, password: string): Promise<Account> => {
    const session = await requestLogin(username, password);
    tokenStore.set(session.accessToken, session.expiresIn);
    setState({ status: 'authenticated', account: session.account });
    return session.account;
  }, []);

  const logout = useCallback(() => {
    tokenStore.clear();
    setState({ status: 'anonymous', expired: false });
  }, []);

  const value = useMemo<AuthValue>(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
