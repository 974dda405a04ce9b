import { createContext, useContext } from 'react';
import type { Account } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; account: Account };

export interface AuthValue {
  state: AuthState;
  /** Leaves for the provider's authorization endpoint (code + PKCE). */
  signIn(options: { next: string | null; expired: boolean }): Promise<void>;
  /** Finishes a sign-in at the callback: checks the answer, gets the tokens, loads the account. */
  completeSignIn(callback: URL): Promise<{ account: Account; next: string | null }>;
  /** Ends the session at the provider too (RP-initiated logout); leaves the page. */
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
