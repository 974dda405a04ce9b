import { useCallback, useEffect, useState } from 'react';
import type { AsyncResult, AsyncState, Loader } from '../../../shared/hooks/use-async';
import { startAutoRefresh } from '../lib/auto-refresh';

interface Settled<T> {
  load: Loader<T>;
  state: AsyncState<T>;
}

/**
 * Like useAsync, for lists that others change while you watch them (the case queues and the
 * dispatch board): the list refreshes itself every 20 s while the page is visible and when
 * you come back to the tab. A refresh keeps what is on screen until the new answer arrives —
 * no spinner, no jump, the scroll position stays — and a failed background refresh keeps the
 * last good list. A new loader (other filters, page or tab) shows "loading" as before.
 */
export function useLiveList<T>(load: Loader<T>, intervalMs?: number): AsyncResult<T> {
  const [tick, setTick] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ load, state: { status: 'success', data } });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setSettled((previous) =>
          previous && previous.load === load && previous.state.status === 'success'
            ? previous
            : { load, state: { status: 'error', error } },
        );
      },
    );
    return () => controller.abort();
  }, [load, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => startAutoRefresh(reload, intervalMs ? { intervalMs } : {}), [reload, intervalMs]);

  const state: AsyncState<T> =
    settled && settled.load === load ? settled.state : { status: 'loading' };
  return { ...state, reload };
}
