/** How often a case list refreshes itself while it is on screen. */
export const CASE_REFRESH_MS = 20_000;
/** Coming back to the tab refreshes at once, unless the last refresh is this recent. */
export const CASE_REFRESH_MIN_GAP_MS = 5_000;

/** What the scheduler needs from the browser (document, window, timers), replaceable in tests. */
export interface RefreshEnvironment {
  isVisible(): boolean;
  /** Calls back when the page becomes visible again or the window gets the focus. */
  onReturn(callback: () => void): () => void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

export function browserEnvironment(): RefreshEnvironment {
  return {
    isVisible: () => document.visibilityState === 'visible',
    onReturn(callback) {
      const onVisibility = () => {
        if (document.visibilityState === 'visible') callback();
      };
      document.addEventListener('visibilitychange', onVisibility);
      window.addEventListener('focus', callback);
      return () => {
        document.removeEventListener('visibilitychange', onVisibility);
        window.removeEventListener('focus', callback);
      };
    },
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (handle) => window.clearInterval(handle as number),
    now: () => Date.now(),
  };
}

/**
 * Calls `refresh` every `intervalMs` while the page is visible (a hidden tab costs the server
 * nothing), and at once when the user comes back to the tab or window — unless the last
 * refresh is less than `minGapMs` old (a focus right after a visibility change counts once).
 * Coming back restarts the interval, so the next refresh is a full interval later.
 * Returns the function that stops it.
 */
export function startAutoRefresh(
  refresh: () => void,
  options: { intervalMs?: number; minGapMs?: number; env?: RefreshEnvironment } = {},
): () => void {
  const intervalMs = options.intervalMs ?? CASE_REFRESH_MS;
  const minGapMs = options.minGapMs ?? CASE_REFRESH_MIN_GAP_MS;
  const env = options.env ?? browserEnvironment();
  let last = env.now();
  const fire = () => {
    last = env.now();
    refresh();
  };
  const tick = () => {
    if (env.isVisible()) fire();
  };
  let timer = env.setInterval(tick, intervalMs);
  const stopListening = env.onReturn(() => {
    if (!env.isVisible() || env.now() - last < minGapMs) return;
    env.clearInterval(timer);
    fire();
    timer = env.setInterval(tick, intervalMs);
  });
  return () => {
    env.clearInterval(timer);
    stopListening();
  };
}
