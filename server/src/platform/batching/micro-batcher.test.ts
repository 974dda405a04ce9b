import { describe, expect, it } from 'vitest';
import { LanedBatcher, MicroBatcher, QueueFullError } from './micro-batcher.ts';

describe('MicroBatcher', () => {
  it('groups concurrent items into batches and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((n) => n * 2);
      },
      { maxItems: 100, maxDelayMs: 2 },
    );
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => batcher.add(i)));
    expect(results).toEqual(Array.from({ length: 250 }, (_, i) => i * 2));
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('settles callers only after their batch finished, and rejects them all when it fails', async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new MicroBatcher<number, string>(
      async (items) => {
        await gate;
        if (items.includes(13)) throw new Error('disk full');
        return items.map(String);
      },
      { maxItems: 10, maxDelayMs: 1, concurrency: 1 },
    );
    let settled = false;
    const first = batcher.add(1).then((r) => ((settled = true), r));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    expect(await first).toBe('1');
    await expect(batcher.add(13)).rejects.toThrow('disk full');
  });

  it('sends a batch once flushAt items wait, mid-turn, and lets a backlog leave whole', async () => {
    const batches: number[][] = [];
    let release = () => undefined as void;
    let gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        await gate;
        return items;
      },
      { maxItems: 10, flushAt: 3, maxDelayMs: 0, concurrency: 1 },
    );
    const added = [1, 2, 3].map((n) => batcher.add(n));
    // The third item sent the batch in the same turn: no setImmediate waited for.
    expect(batches).toEqual([[1, 2, 3]]);
    // While the only slot is busy, seven more pile up: they leave together, not three by three.
    for (let n = 4; n <= 10; n++) added.push(batcher.add(n));
    const last = batcher.add(11);
    release();
    gate = Promise.resolve();
    await Promise.all([...added, last]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6, 7, 8, 9, 10, 11],
    ]);
  });

  it('in group-commit mode sends at once when a slot is free and piles up while all are busy', async () => {
    const batches: number[][] = [];
    let release = () => undefined as void;
    let gate = Promise.resolve();
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        await gate;
        return items;
      },
      { maxItems: 1000, maxDelayMs: 0, concurrency: 1 },
    );
    // Items added in one turn of the event loop go together, with no timer to wait out.
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(batches).toEqual([[1, 2]]);
    // While the only slot is busy, whatever arrives waits and then leaves as one batch.
    gate = new Promise<void>((resolve) => (release = resolve));
    const busy = batcher.add(3);
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [4, 5, 6].map((n) => batcher.add(n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1, 2], [3]]);
    gate = Promise.resolve();
    release();
    expect(await Promise.all([busy, ...waiting])).toEqual([3, 4, 5, 6]);
    expect(batches).toEqual([[1, 2], [3], [4, 5, 6]]);
  });

  it('refuses items beyond the queue limit instead of growing without bound', async () => {
    const batcher = new MicroBatcher<number, number>(() => new Promise(() => undefined), {
      maxItems: 1000,
      maxDelayMs: 1000,
      maxQueued: 3,
    });
    void batcher.add(1);
    void batcher.add(2);
    void batcher.add(3);
    await expect(batcher.add(4)).rejects.toBeInstanceOf(QueueFullError);
  });
});

describe('LanedBatcher', () => {
  it('runs lanes side by side and keeps each key in one lane, in arrival order', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[][] = [];
    const batcher = new LanedBatcher<string, string>(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(items);
        inFlight -= 1;
        return items;
      },
      (item) => item.split(':')[0] as string,
      4,
      { maxItems: 5, maxDelayMs: 1 },
    );
    const items = Array.from({ length: 80 }, (_, i) => `device${i % 16}:${i}`);
    expect(await Promise.all(items.map((item) => batcher.add(item)))).toEqual(items);
    expect(most).toBeGreaterThan(1);
    // One device's messages stay in one lane: they are handed over in arrival order.
    const order = new Map<string, number[]>();
    for (const batch of seen) {
      for (const item of batch) {
        const [device, n] = item.split(':');
        order.set(device!, [...(order.get(device!) ?? []), Number(n)]);
      }
    }
    for (const list of order.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    await batcher.drain();
  });
});
