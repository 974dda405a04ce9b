import { useCallback } from 'react';
import { useT } from '../i18n/i18n-context';
import { errorMessage } from './error-message';

export function useErrorMessage(): (error: unknown) => string {
  const t = useT();
  return useCallback((error: unknown) => errorMessage(error, t), [t]);
}
