import { useCallback } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { getDevice } from '../api/iot-api';

/**
 * Names of a few devices known only by id (e.g. those alert rules are scoped to). A device
 * that cannot be read (deleted, outside the reader's scope) keeps showing its id.
 */
export function useDeviceNames(ids: readonly string[]): (id: string) => string {
  const key = [...new Set(ids)].sort().join(',');
  const load = useCallback(
    async (signal: AbortSignal) => {
      const unique = key ? key.split(',') : [];
      const pairs = await Promise.all(
        unique.map((id) =>
          getDevice(id, signal).then(
            (device) => [id, device.name] as const,
            () => [id, id] as const,
          ),
        ),
      );
      return new Map(pairs);
    },
    [key],
  );
  const names = useAsync(load);
  return useCallback(
    (id) => (names.status === 'success' ? names.data.get(id) : undefined) ?? id,
    [names],
  );
}
