import { SseParser, type SseMessage } from './sse-parser';

export interface StreamOptions {
  url: string;
  /** Read for every (re)connection, so a renewed token is picked up. */
  token: () => string | null;
  onMessage: (message: SseMessage) => void;
  onStatus?: (status: StreamStatus) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unauthorized' | 'closed';

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * Delay before reconnection attempt `attempt` (0-based): exponential from 1 s, capped at 30 s,
 * with "equal jitter" so that a wall of screens that lost the server together does not come
 * back together. A `retry:` sent by the server sets the floor.
 */
export function backoffDelay(attempt: number, serverRetryMs: number | null, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 10));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(serverRetryMs ?? 0, Math.round(jittered));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads a Server-Sent Events stream with fetch, so the bearer token travels in a header and
 * not in the URL (EventSource cannot send headers). Reconnects with backoff and sends
 * Last-Event-ID; the server answers every connection with a full overview first, which is
 * the catch-up. A 401/403/404 stops the loop: retrying would not change the answer.
 * Returns a function that closes the stream for good.
 */
export function openScreenStream(options: StreamOptions): () => void {
  const controller = new AbortController();
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const parser = new SseParser();
  const setStatus = (status: StreamStatus) => options.onStatus?.(status);

  async function run(): Promise<void> {
    let attempt = 0;
    while (!controller.signal.aborted) {
      setStatus('connecting');
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream' };
        const token = options.token();
        if (token) headers.Authorization = `Bearer ${token}`;
        if (parser.state.lastEventId !== null) headers['Last-Event-ID'] = parser.state.lastEventId;
        const response = await doFetch(options.url, { headers, signal: controller.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          setStatus('unauthorized');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let opened = false;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (!opened) {
              opened = true;
              attempt = 0;
              setStatus('open');
            }
            options.onMessage(message);
          }
        }
      } catch {
        // A dropped connection or a server error: retried below, unless we were closed.
        if (controller.signal.aborted) break;
      }
      if (controller.signal.aborted) break;
      setStatus('retrying');
      await sleep(backoffDelay(attempt, parser.state.retryMs, random), controller.signal);
      attempt += 1;
    }
    setStatus('closed');
  }

  void run();
  return () => controller.abort();
}
