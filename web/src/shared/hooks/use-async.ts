import { useCallback, useEffect, useState } from 'react';

export type Loader<T> = (signal: AbortSignal) => Promise<T>;

export type AsyncState<T> =
  { status: 'loading' } | { status: 'success'; data: T } | { status: 'error'; error: unknown };

export type AsyncResult<T> = AsyncState<T> & { reload: () => void };

interface Settled<T> {
  load: Loader<T>;
  attempt: number;
  state: AsyncState<T>;
}

/**
 * Runs `load` whenever its identity changes (wrap it in useCallback) and aborts the previous
 * run. A result is shown only while it belongs to the current loader and attempt, so stale
 * answers never flash on screen and "loading" needs no state update of its own.
 */
export function useAsync<T>(load: Loader<T>): AsyncResult<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setSettled({ load, attempt, state: { status: 'success', data } });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setSettled({ load, attempt, state: { status: 'error', error } });
        }
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const state: AsyncState<T> =
    settled && settled.load === load && settled.attempt === attempt
      ? settled.state
      : { status: 'loading' };
  return { ...state, reload };
}
