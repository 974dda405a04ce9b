import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/translate';
import { errorMessage } from './error-message';
import { ApiError, apiErrorFrom, parseProblem } from './problem';

const response = (status: number, statusText = '') => new Response(null, { status, statusText });

describe('parseProblem', () => {
  it('keeps the fields of an RFC 9457 document', () => {
    const problem = parseProblem(
      {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: '用户名或密码错误',
        code: 'invalid_credentials',
        attempts: 3,
      },
      401,
    );
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: '用户名或密码错误',
      code: 'invalid_credentials',
      attempts: 3,
    });
  });

  it('drops blank or non-string fields and takes the HTTP status when the body has none', () => {
    expect(parseProblem({ title: '  ', detail: 42, code: null }, 502)).toEqual({ status: 502 });
  });

  it('keeps a short plain-text body as the detail but never an HTML error page', () => {
    expect(parseProblem('Service Unavailable', 503)).toEqual({
      status: 503,
      detail: 'Service Unavailable',
    });
    expect(parseProblem('<html><body>502 Bad Gateway</body></html>', 502)).toEqual({ status: 502 });
  });
});

describe('ApiError', () => {
  it('reads detail first, then title, then the HTTP status line', () => {
    expect(
      apiErrorFrom(response(404), { title: 'Not Found', detail: 'region 1 does not exist' })
        .message,
    ).toBe('region 1 does not exist');
    expect(apiErrorFrom(response(404), { title: 'Not Found' }).message).toBe('Not Found');
    expect(apiErrorFrom(response(500, 'Internal Server Error'), '').message).toBe(
      'HTTP 500 Internal Server Error',
    );
  });

  it('carries the stable code for callers to branch on', () => {
    const error = apiErrorFrom(response(404), { title: 'Not Found', code: 'outside_city' });
    expect(error.status).toBe(404);
    expect(error.code).toBe('outside_city');
  });
});

describe('errorMessage', () => {
  const t = createTranslator('zh-CN');

  it("shows the server's explanation when there is one", () => {
    const error = apiErrorFrom(response(401), {
      title: 'Unauthorized',
      detail: '用户名或密码错误',
    });
    expect(errorMessage(error, t)).toBe('用户名或密码错误');
  });

  it('uses our own words when no answer arrived or the answer said nothing', () => {
    expect(errorMessage(new ApiError({ status: 0, code: 'network_error' }, 'x'), t)).toBe(
      t('error.network'),
    );
    expect(errorMessage(apiErrorFrom(response(503), ''), t)).toBe(t('error.server'));
    expect(errorMessage(apiErrorFrom(response(403), {}), t)).toBe(t('error.forbidden'));
    expect(errorMessage('nonsense', t)).toBe(t('error.unknown'));
  });
});
