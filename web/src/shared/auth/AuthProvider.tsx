import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired, tokenStore } from '../api/api';
import { ApiError } from '../api/problem';
import type { Account } from '../api/types';
import { AuthContext, type AuthState, type AuthValue } from './auth-context';
import { beginSignIn, endSessionUrl, ID_TOKEN_KEY, readCallback } from './oidc';
import { exchangeCode, fetchIssuer, fetchMe } from './session-api';
import { tabStorage } from './tab-storage';

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

  const signIn = useCallback(async (options: { next: string | null; expired: boolean }) => {
    window.location.assign(await beginSignIn(window.location.origin, options, tabStorage));
  }, []);

  const completeSignIn = useCallback(async (callback: URL) => {
    const outcome = readCallback(callback, tabStorage, await fetchIssuer());
    if (!outcome.ok) {
      throw new ApiError(
        {
          status: 400,
          code: outcome.error,
          ...(outcome.description ? { detail: outcome.description } : {}),
        },
        outcome.error,
      );
    }
    const tokens = await exchangeCode(outcome.code, outcome.pending.verifier);
    tokenStore.set(tokens.accessToken, tokens.expiresIn);
    if (tokens.idToken) tabStorage.setItem(ID_TOKEN_KEY, tokens.idToken);
    const account: Account = await fetchMe();
    setState({ status: 'authenticated', account });
    return { account, next: outcome.pending.next };
  }, []);

  const logout = useCallback(() => {
    const idToken = tabStorage.getItem(ID_TOKEN_KEY);
    tokenStore.clear();
    tabStorage.removeItem(ID_TOKEN_KEY);
    // Not "anonymous": that would start a new sign-in while the browser leaves to sign out.
    setState({ status: 'loading' });
    window.location.assign(endSessionUrl(window.location.origin, idToken));
  }, []);

  const value = useMemo<AuthValue>(
    () => ({ state, signIn, completeSignIn, logout }),
    [state, signIn, completeSignIn, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
