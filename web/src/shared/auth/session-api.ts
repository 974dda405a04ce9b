import { api } from '../api/api';
import { unwrap } from '../api/client';
import type { Account, LoginResponse } from '../api/types';

export function requestLogin(username: string, password: string): Promise<LoginResponse> {
  return unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }));
}

export function fetchMe(signal?: AbortSignal): Promise<Account> {
  return unwrap(api.GET('/api/v1/me', signal ? { signal } : {}));
}
