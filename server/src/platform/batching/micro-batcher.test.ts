import { describe, expect, it } from 'vitest';
import { MicroBatcher, QueueFullError } from './micro-batcher.ts';

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
