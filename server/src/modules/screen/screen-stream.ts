import type { ServerResponse } from 'node:http';

export type FrameKind = 'overview' | 'alerts';

/** Whoever receives a region's frames: an SSE connection, or a test's recorder. */
export interface ScreenSubscriber {
  send(kind: FrameKind, frame: string): void;
  ping(): void;
  close(): void;
}

/** One Server-Sent Events frame; data is one line of JSON, so no line splitting is needed. */
export function sseFrame(event: FrameKind, data: string, id?: number): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${data}\n\n`;
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and similar proxies would otherwise buffer the stream.
  'x-accel-buffering': 'no',
} as const;

/**
 * One screen's SSE connection. A slow client never makes the server queue snapshot after
 * snapshot: once the socket's buffer is full, newer frames replace the waiting one of the
 * same kind, and only the latest overview and alert list go out when it drains.
 */
export class SseConnection implements ScreenSubscriber {
  private readonly waiting = new Map<FrameKind, string>();
  private blocked = false;
  private closed = false;
  dropped = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly onClose: () => void,
  ) {
    res.on('drain', () => this.drain());
    res.on('close', () => this.close());
    res.on('error', () => this.close());
  }

  send(kind: FrameKind, frame: string): void {
    if (this.closed) return;
    if (this.blocked) {
      if (this.waiting.has(kind)) this.dropped += 1;
      this.waiting.set(kind, frame);
      return;
    }
    if (!this.res.write(frame)) this.blocked = true;
  }

  ping(): void {
    if (!this.closed && !this.blocked && !this.res.write(': ping\n\n')) this.blocked = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.clear();
    if (!this.res.writableEnded) this.res.end();
    this.onClose();
  }

  private drain(): void {
    this.blocked = false;
    for (const [kind, frame] of [...this.waiting]) {
      this.waiting.delete(kind);
      if (!this.res.write(frame)) {
        this.blocked = true;
        return;
      }
    }
  }
}
