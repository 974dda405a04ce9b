/**
 * Collects single items into batches so that thousands of writes per second (device
 * messages, city code scans) become a few multi-row transactions. Each caller's promise
 * settles when its batch has been flushed, which is what lets a caller answer only after its
 * item is stored (an MQTT PUBACK, a scan's allow).
 */
export interface MicroBatcherOptions {
  /** At most this many items per batch. */
  maxItems?: number;
  /**
   * A batch leaves as soon as this many items wait and a slot is free (default: `maxItems`),
   * without waiting for the end of the event loop's turn. Items that piled up while every
   * slot was busy still leave together, up to `maxItems`.
   */
  flushAt?: number;
  /**
   * …or this long after the first item arrived. 0 is group commit: a batch leaves as soon as
   * a slot is free (after the current turn of the event loop, so that items arriving together
   * go together), and items pile up only while every slot is busy — batches grow with the
   * load instead of every item waiting out a timer.
   */
  maxDelayMs?: number;
  /** Batches in flight at once (PostgreSQL pools can take several; PGlite serializes). */
  concurrency?: number;
  /** Items waiting beyond this are refused (back pressure instead of unbounded memory). */
  maxQueued?: number;
}

export class QueueFullError extends Error {
  constructor(limit: number) {
    super(`write queue is full (${limit} items waiting)`);
    this.name = 'QueueFullError';
  }
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<T, R> {
  private queue: Pending<T, R>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private inFlight = 0;
  private readonly idle: Array<() => void> = [];
  private readonly maxItems: number;
  private readonly flushAt: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;
  private readonly maxQueued: number;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<R[]>,
    options: MicroBatcherOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 1000;
    this.flushAt = Math.min(options.flushAt ?? this.maxItems, this.maxItems);
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 100_000;
  }

  get queued(): number {
    return this.queue.length;
  }

  add(item: T): Promise<R> {
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(new QueueFullError(this.maxQueued));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.flushAt) this.pump();
      else this.schedule();
    });
  }

  /** Resolves when nothing is queued or in flight (shutdown). */
  async drain(): Promise<void> {
    this.pump();
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.timer) return;
    if (this.maxDelayMs > 0) {
      this.timer = setTimeout(() => this.pump(), this.maxDelayMs);
    } else if (this.inFlight < this.concurrency) {
      this.timer = setImmediate(() => this.pump());
    }
    // else: every slot is busy; the batch that finishes first takes what has piled up.
  }

  private pump(): void {
    if (this.timer) {
      if (this.maxDelayMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
      else clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    while (this.queue.length > 0 && this.inFlight < this.concurrency) {
      const batch = this.queue.splice(0, this.maxItems);
      this.inFlight += 1;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.flushBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as R));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight -= 1;
      if (this.queue.length > 0) {
        if (this.queue.length >= this.flushAt || this.inFlight === 0) this.pump();
        else this.schedule();
      } else if (this.inFlight === 0) {
        for (const resolve of this.idle.splice(0)) resolve();
      }
    }
  }
}

/**
 * Several micro-batchers side by side, each item always in the lane its key picks: batches of
 * different lanes commit concurrently (a PostgreSQL pool), while one device's messages stay
 * in one lane and so commit in the order they arrived, and never wait for each other's locks.
 */
export class LanedBatcher<T, R> {
  private readonly lanes: MicroBatcher<T, R>[];

  constructor(
    flushBatch: (items: T[]) => Promise<R[]>,
    private readonly keyOf: (item: T) => string,
    lanes: number,
    options: Omit<MicroBatcherOptions, 'concurrency'> = {},
  ) {
    this.lanes = Array.from(
      { length: Math.max(1, lanes) },
      () => new MicroBatcher(flushBatch, { ...options, concurrency: 1 }),
    );
  }

  get queued(): number {
    return this.lanes.reduce((n, lane) => n + lane.queued, 0);
  }

  add(item: T): Promise<R> {
    const lane = this.lanes[laneOf(this.keyOf(item), this.lanes.length)] as MicroBatcher<T, R>;
    return lane.add(item);
  }

  async drain(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.drain()));
  }
}

/** FNV-1a: a cheap, stable spread of keys over lanes. */
function laneOf(key: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
