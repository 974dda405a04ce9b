import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Page state kept in the query string. Updates start from the URL as it is now, not from
 * the last render: React Router renders a new location as a transition, so an event that
 * arrives before that render (a quick second click, a search typed while a map unmounts)
 * would otherwise start from the previous URL and undo the change just made.
 */
export function useUrlState<T>(
  read: (params: URLSearchParams) => T,
  write: (state: T) => URLSearchParams,
): [T, (change: (current: T) => T) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (change: (current: T) => T) => {
      const current = read(new URLSearchParams(window.location.search));
      setParams(write(change(current)));
    },
    [read, write, setParams],
  );
  return [read(params), update];
}
