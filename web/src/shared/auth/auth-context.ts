import { createContext, useContext } from 'react';
import type { Account } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; account: Account };

export interface AuthValue {
  state: AuthState;
  login(username: string, password: string): Promise<Account>;
  logout(): void;
}

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** For pages behind <RequireAuth>, which only renders them once someone is signed in. */
export function useAccount(): Account {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useAccount needs a signed-in account');
  return state.account;
}
