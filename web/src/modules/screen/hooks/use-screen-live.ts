import { useEffect, useState } from 'react';
import { tokenStore } from '../../../shared/api/api';
import { getScreenAlerts, getScreenOverview, screenUrl } from '../api/screen-api';
import { appendSample, type Sample } from '../lib/live-series';
import { openScreenStream, type StreamStatus } from '../lib/screen-stream';
import type { ScreenAlert, ScreenAlerts, ScreenOverview } from '../lib/screen-types';

export interface ScreenLive {
  overview: ScreenOverview | null;
  alerts: ScreenAlert[];
  /** Readings per second as they arrived with each overview, for the live line. */
  readings: Sample[];
  status: StreamStatus;
  error: unknown;
}

interface State extends ScreenLive {
  regionId: string | null;
}

function initial(regionId: string | null, previous?: State): State {
  // The previous region's figures stay up until the new region's arrive: a drill-down should
  // not blank the wall for a moment.
  return {
    regionId,
    overview: previous?.overview ?? null,
    alerts: previous?.alerts ?? [],
    readings: [],
    status: 'connecting',
    error: null,
  };
}

function isFor(overview: ScreenOverview | null, regionId: string | null): boolean {
  if (!overview) return false;
  return regionId === null ? overview.region.level === 'city' : overview.region.id === regionId;
}

/** A newer overview of the same region replaces the one shown; anything else is stale. */
function accept(state: State, overview: ScreenOverview): State {
  const shown = state.overview;
  if (shown && shown.region.id === overview.region.id && overview.seq < shown.seq) return state;
  if (state.regionId && overview.region.id !== state.regionId) return state;
  const t = Date.parse(overview.generatedAt);
  return {
    ...state,
    overview,
    error: null,
    readings: appendSample(state.readings, { t, v: overview.readingsPerSecond }),
  };
}

/**
 * Everything live on the screen for one region: a first overview and alert list over plain
 * GETs (fast first paint, and a readable error if the region is out of scope), then the SSE
 * stream keeps both current. A new region closes the old stream and opens a new one.
 */
export function useScreenLive(regionId: string | null): ScreenLive {
  const [state, setState] = useState<State>(() => initial(regionId));
  if (state.regionId !== regionId) setState(initial(regionId, state));

  useEffect(() => {
    const abort = new AbortController();
    getScreenOverview(regionId, abort.signal)
      .then((overview) => setState((s) => (s.regionId === regionId ? accept(s, overview) : s)))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        // A region out of scope (403/404) replaces the previous region's figures with the reason.
        setState((s) =>
          s.regionId === regionId && !isFor(s.overview, regionId)
            ? { ...s, overview: null, error }
            : s,
        );
      });
    getScreenAlerts(regionId, abort.signal)
      .then(({ items }) => setState((s) => (s.regionId === regionId ? { ...s, alerts: items } : s)))
      .catch(() => {
        // The stream delivers the alert set when it changes; the overview shows the error.
      });
    const close = openScreenStream({
      url: screenUrl('stream', regionId),
      token: () => tokenStore.get(),
      onStatus: (status) => setState((s) => (s.regionId === regionId ? { ...s, status } : s)),
      onMessage: (message) => {
        let payload: unknown;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        if (message.event === 'overview') {
          const overview = payload as ScreenOverview;
          setState((s) => (s.regionId === regionId ? accept(s, overview) : s));
        } else if (message.event === 'alerts') {
          const { items } = payload as ScreenAlerts;
          if (Array.isArray(items)) {
            setState((s) => (s.regionId === regionId ? { ...s, alerts: items } : s));
          }
        }
      },
    });
    return () => {
      abort.abort();
      close();
    };
  }, [regionId]);

  return state;
}
