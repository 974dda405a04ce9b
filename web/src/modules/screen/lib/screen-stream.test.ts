import { describe, expect, it } from 'vitest';
import { backoffDelay, openScreenStream, type StreamStatus } from './screen-stream';
import type { SseMessage } from './sse-parser';

function streamOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('backoffDelay', () => {
  it('doubles from one second up to thirty, jittered in the upper half', () => {
    expect(backoffDelay(0, null, () => 0)).toBe(500);
    expect(backoffDelay(0, null, () => 1)).toBe(1000);
    expect(backoffDelay(3, null, () => 1)).toBe(8000);
    expect(backoffDelay(20, null, () => 1)).toBe(30_000);
    expect(backoffDelay(20, null, () => 0)).toBe(15_000);
  });

  it('never goes below the retry the server asked for', () => {
    expect(backoffDelay(0, 5000, () => 0)).toBe(5000);
  });
});

describe('openScreenStream', () => {
  it('sends the token, reconnects with Last-Event-ID after a drop, and stops on 401', async () => {
    const requests: Headers[] = [];
    const responses = [
      () => streamOf(['event: overview\nid: 5\ndata: {"seq":5}\n\n', ': ping\n\n']),
      () => {
        throw new TypeError('network down');
      },
      () => streamOf(['event: overview\nid: 9\ndata: {"seq":9}\n', '\n']),
      () => new Response('{}', { status: 401 }),
    ];
    const messages: SseMessage[] = [];
    const statuses: StreamStatus[] = [];
    const sleeps: number[] = [];
    let token = 'first';
    await new Promise<void>((resolve) => {
      openScreenStream({
        url: '/api/v1/screen/stream?regionId=310000',
        token: () => token,
        onMessage: (message) => {
          messages.push(message);
          token = 'renewed';
        },
        onStatus: (status) => {
          statuses.push(status);
          if (status === 'unauthorized') resolve();
        },
        fetch: (_url, init) => {
          requests.push(new Headers(init?.headers));
          const next = responses.shift();
          if (!next) throw new Error('too many requests');
          return Promise.resolve(next());
        },
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        random: () => 1,
      });
    });
    expect(messages.map((m) => m.data)).toEqual(['{"seq":5}', '{"seq":9}']);
    expect(requests.map((h) => h.get('authorization'))).toEqual([
      'Bearer first',
      'Bearer renewed',
      'Bearer renewed',
      'Bearer renewed',
    ]);
    expect(requests.map((h) => h.get('last-event-id'))).toEqual([null, '5', '5', '9']);
    // The failed attempt backs off longer; a stream that delivered resets the backoff.
    expect(sleeps).toEqual([1000, 2000, 1000]);
    expect(statuses.at(-1)).toBe('unauthorized');
    expect(statuses).toContain('open');
  });

  it('stops reading when closed', async () => {
    let aborted = false;
    const close = openScreenStream({
      url: '/s',
      token: () => null,
      onMessage: () => {},
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    });
    close();
    await Promise.resolve();
    expect(aborted).toBe(true);
  });
});
