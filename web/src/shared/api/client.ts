import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError, apiErrorFrom } from './problem';
import type { paths } from './schema';
import type { TokenStore } from './token-store';

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Empty in the browser: the app is served by the platform itself, so paths stay relative. */
  baseUrl?: string;
  tokenStore: TokenStore;
  /** Called once the server has said the session is no longer valid. */
  onUnauthorized: () => void;
  fetch?: (input: Request) => Promise<Response>;
}

/** Endpoints whose 401 means "wrong credentials" — the login form shows it, nobody is redirected. */
const CREDENTIAL_PATHS: ReadonlySet<string> = new Set(['/api/v1/auth/login']);

export function authMiddleware(
  options: Pick<ApiClientOptions, 'tokenStore' | 'onUnauthorized'>,
): Middleware {
  return {
    onRequest({ request }) {
      const token = options.tokenStore.get();
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      return request;
    },
    onResponse({ response, schemaPath }) {
      if (response.status === 401 && !CREDENTIAL_PATHS.has(schemaPath)) {
        options.tokenStore.clear();
        options.onUnauthorized();
      }
      return undefined;
    },
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    headers: { Accept: 'application/json, application/problem+json' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(authMiddleware(options));
  return client;
}

/** What openapi-fetch resolves to, loosened so one helper serves every endpoint. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Returns the response body or throws an ApiError carrying the problem document, so
 * callers deal in data and exceptions instead of checking `{ data, error }` everywhere.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    // fetch rejects only when no HTTP answer arrived at all (offline, server down, CORS).
    const error = new ApiError({ status: 0, code: 'network_error' }, 'Network error');
    error.cause = cause;
    throw error;
  }
  const { data, error, response } = result;
  if (!response.ok) throw apiErrorFrom(response, error);
  if (data === undefined) {
    throw new ApiError(
      { status: response.status, code: 'empty_response' },
      `HTTP ${response.status}: empty response`,
    );
  }
  return data;
}
