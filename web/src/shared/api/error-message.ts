import { zh, type MessageKey } from '../i18n/messages-zh';
import type { Translate } from '../i18n/translate';
import { isApiError } from './problem';

/**
 * Our own wording for a problem code, when the app has one (`problem.<code>`): the server's
 * `detail` is English, and a Chinese screen should not show it for a refusal a person can
 * meet in normal use (an id taken, an insecure redirect URI).
 */
function problemText(code: string | undefined, t: Translate): string | null {
  if (!code) return null;
  const key = `problem.${code}`;
  return Object.hasOwn(zh, key) ? t(key as MessageKey) : null;
}

/**
 * What to tell a person about a failure: the server's own explanation when it sent one
 * (problem+json `detail`, else `title`), our wording when no answer came at all.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('error.network');
    const known = problemText(error.code, t);
    if (known) return known;
    if (error.problem.detail || error.problem.title) return error.message;
    if (error.status === 401) return t('error.unauthorized');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    if (error.status >= 500) return t('error.server');
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return t('error.unknown');
}
