import { useEffect, useRef, useState } from 'react';
import { getScreenCrowd, getScreenDevices } from '../api/screen-api';
import type { ScreenCrowd, ScreenDeviceColumns, ScreenOverview } from '../lib/screen-types';

const DEVICE_REFRESH_MIN_MS = 10_000;
const CROWD_REFRESH_MIN_MS = 30_000;

/**
 * Reloads a map layer for the region, and again when `version` changes (an overview said the
 * numbers behind it moved) — but never more often than `minIntervalMs`: the layer follows the
 * pushed events without turning a busy city into a request storm.
 */
function useRegionLayer<T>(
  regionId: string | null,
  version: string | null,
  load: (regionId: string | null, signal: AbortSignal) => Promise<T>,
  minIntervalMs: number,
): T | null {
  const [data, setData] = useState<{ regionId: string | null; value: T } | null>(null);
  const lastLoad = useRef<{
    regionId: string | null;
    at: number;
    version: string | null;
    failed: boolean;
    abort: AbortController;
  } | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => () => lastLoad.current?.abort.abort(), []);

  useEffect(() => {
    const last = lastLoad.current;
    const sameRegion = last !== null && last.regionId === regionId;
    if (sameRegion && last.version === version) return;
    // Loaded before the first overview arrived: that load already matches it.
    if (sameRegion && last.version === null && !last.failed) {
      last.version = version;
      return;
    }
    const wait = sameRegion ? last.at + minIntervalMs - Date.now() : 0;
    if (wait > 0) {
      const timer = setTimeout(() => setTick((n) => n + 1), wait);
      return () => clearTimeout(timer);
    }
    // A load for another region is of no use any more; one for this region may finish.
    if (!sameRegion) last?.abort.abort();
    const abort = new AbortController();
    const current = { regionId, at: Date.now(), version, failed: false, abort };
    lastLoad.current = current;
    load(regionId, abort.signal)
      .then((value) => {
        if (!abort.signal.aborted && lastLoad.current === current) setData({ regionId, value });
      })
      .catch(() => {
        // Keep what is drawn; the next change of version tries again.
        current.failed = true;
        if (current.version === null) current.version = 'failed';
      });
  }, [regionId, version, load, minIntervalMs, tick]);

  return data?.regionId === regionId ? data.value : null;
}

export function useScreenDevices(
  regionId: string | null,
  overview: ScreenOverview | null,
): ScreenDeviceColumns | null {
  const d = overview?.devices;
  // Only the state counts matter to the dots; other numbers changing does not reload them.
  const version = d ? `${d.total}/${d.online}/${d.offline}/${d.alerting}` : null;
  return useRegionLayer(regionId, version, getScreenDevices, DEVICE_REFRESH_MIN_MS);
}

export function useScreenCrowd(
  regionId: string | null,
  overview: ScreenOverview | null,
): ScreenCrowd | null {
  const version = overview ? String(overview.seq) : null;
  return useRegionLayer(regionId, version, getScreenCrowd, CROWD_REFRESH_MIN_MS);
}
