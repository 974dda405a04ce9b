/** Reads a Server-Sent Events stream the way the web does (fetch + ReadableStream). */
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
  at: number;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  comments = 0;
  private buffer = '';
  private waiters: Array<() => void> = [];
  private readonly controller = new AbortController();
  done: Promise<void> = Promise.resolve();
  status = 0;
  headers: Headers | null = null;

  async open(url: string, token?: string): Promise<this> {
    const response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: this.controller.signal,
    });
    this.status = response.status;
    this.headers = response.headers;
    if (!response.ok || !response.body) return this;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          this.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted by close()
      }
      this.wake();
    })();
    return this;
  }

  /** Waits for the next event of a kind after `index` that satisfies `test`. */
  async next(
    kind: string,
    test: (data: unknown) => boolean = () => true,
    timeoutMs = 5000,
    from = 0,
  ): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events
        .slice(from)
        .find((e) => e.event === kind && test(JSON.parse(e.data)));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching "${kind}" event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }

  private push(text: string): void {
    this.buffer += text;
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      const data: string[] = [];
      let comment = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comment = true;
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) this.events.push({ event, id, data: data.join('\n'), at: Date.now() });
      else if (comment) this.comments += 1;
      end = this.buffer.indexOf('\n\n');
    }
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
