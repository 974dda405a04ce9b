import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo-products.ts';
import { historyMessages } from './telemetry-history.ts';

const thingModels = new Map(demoProducts.map((p) => [p.id, p.thingModel]));
const devices = [
  { id: 'a', name: 'CC-000001', productId: 'crowd-counter', token: 'token-a' },
  { id: 'b', name: 'WP-000002', productId: 'water-pressure', token: 'token-b' },
];

describe('simulated history', () => {
  it('gives one ThingsBoard message per device and step, oldest first, in the models’ ranges', () => {
    const fromMs = Date.UTC(2026, 11, 3, 6, 0);
    const messages = historyMessages(devices, thingModels, {
      fromMs,
      toMs: fromMs + 3600_000,
      stepMs: 600_000,
    });
    expect(messages).toHaveLength(12);
    const bodies = messages.map(
      (m) => JSON.parse(String(m.body)) as { ts: number; values: Record<string, unknown> },
    );
    expect(bodies.map((b) => b.ts)).toEqual([...bodies.map((b) => b.ts)].sort((x, y) => x - y));
    expect(messages.slice(0, 2).map((m) => m.token)).toEqual(['token-a', 'token-b']);
    for (const [i, body] of bodies.entries()) {
      if (i % 2 === 0) expect(body.values.count).toBeGreaterThanOrEqual(0);
      else expect(typeof body.values.pressure).toBe('number');
    }
  });
});
