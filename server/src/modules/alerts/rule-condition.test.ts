import { describe, expect, it } from 'vitest';
import {
  applyReadings,
  emptyState,
  evaluate,
  keysOf,
  type Condition,
  type Reading,
} from './rule-condition.ts';

const t0 = Date.UTC(2026, 10, 22, 2, 0, 0);
const at = (seconds: number) => t0 + seconds * 1000;

function run(condition: Condition, readings: Reading[], now: number, state = emptyState()) {
  applyReadings(state, new Set(keysOf(condition)), readings);
  return { ...evaluate(condition, state, now), state };
}

describe('alert rule conditions', () => {
  it('threshold: fires when the value crosses it', () => {
    const c: Condition = { type: 'threshold', key: 'tilt', op: '>', value: 5 };
    expect(run(c, [{ key: 'tilt', ts: at(0), value: 4.9 }], at(0)).matched).toBe(false);
    const hit = run(c, [{ key: 'tilt', ts: at(0), value: 6.2 }], at(0));
    expect(hit).toMatchObject({ matched: true, reasons: ['tilt 6.2 > 5'] });
  });

  it('for a duration: "tilt > 5° for 2 minutes" holds only after two minutes above', () => {
    const c: Condition = { type: 'threshold', key: 'tilt', op: '>', value: 5, forSeconds: 120 };
    const state = emptyState();
    expect(run(c, [{ key: 'tilt', ts: at(0), value: 5.5 }], at(0), state).matched).toBe(false);
    expect(run(c, [{ key: 'tilt', ts: at(60), value: 5.8 }], at(60), state).matched).toBe(false);
    const fired = run(c, [{ key: 'tilt', ts: at(125), value: 6.1 }], at(125), state);
    expect(fired.matched).toBe(true);
    expect(fired.reasons[0]).toBe('tilt 6.1 > 5 for 125 s');
  });

  it('for a duration: a dip below resets the clock', () => {
    const c: Condition = { type: 'threshold', key: 'tilt', op: '>', value: 5, forSeconds: 120 };
    const state = emptyState();
    run(c, [{ key: 'tilt', ts: at(0), value: 6 }], at(0), state);
    run(c, [{ key: 'tilt', ts: at(90), value: 4 }], at(90), state);
    expect(run(c, [{ key: 'tilt', ts: at(150), value: 6 }], at(150), state).matched).toBe(false);
    expect(run(c, [{ key: 'tilt', ts: at(271), value: 6 }], at(271), state).matched).toBe(true);
  });

  it('rate of change per minute between consecutive readings', () => {
    const c: Condition = { type: 'rate', key: 'level', op: '>', perMinute: 0.5 };
    const state = emptyState();
    run(c, [{ key: 'level', ts: at(0), value: 2.0 }], at(0), state);
    expect(run(c, [{ key: 'level', ts: at(60), value: 2.3 }], at(60), state).matched).toBe(false);
    const rising = run(c, [{ key: 'level', ts: at(120), value: 3.3 }], at(120), state);
    expect(rising).toMatchObject({ matched: true, reasons: ['level changes 1/min > 0.5/min'] });
  });

  it('no data: silent for longer than allowed', () => {
    const c: Condition = { type: 'noData', key: 'pressure', seconds: 900 };
    const state = emptyState();
    run(c, [{ key: 'pressure', ts: at(0), value: 0.3 }], at(0), state);
    expect(evaluate(c, state, at(899)).matched).toBe(false);
    expect(evaluate(c, state, at(901)).matched).toBe(true);
  });

  it('AND / OR combinations, with durations inside', () => {
    const c: Condition = {
      type: 'any',
      conditions: [
        {
          type: 'all',
          conditions: [
            { type: 'threshold', key: 'tilt', op: '>', value: 3 },
            { type: 'threshold', key: 'vibration', op: '>=', value: 0.8 },
          ],
        },
        { type: 'threshold', key: 'tilt', op: '>', value: 8, forSeconds: 60 },
      ],
    };
    expect(
      run(
        c,
        [
          { key: 'tilt', ts: at(0), value: 4 },
          { key: 'vibration', ts: at(0), value: 0.2 },
        ],
        at(0),
      ).matched,
    ).toBe(false);
    expect(
      run(
        c,
        [
          { key: 'tilt', ts: at(0), value: 4 },
          { key: 'vibration', ts: at(0), value: 0.9 },
        ],
        at(0),
      ).matched,
    ).toBe(true);
    const state = emptyState();
    run(c, [{ key: 'tilt', ts: at(0), value: 9 }], at(0), state);
    expect(run(c, [{ key: 'tilt', ts: at(61), value: 9 }], at(61), state).matched).toBe(true);
  });

  it('ignores late readings for the current value and compares enums and booleans by equality', () => {
    const c: Condition = { type: 'threshold', key: 'state', op: '==', value: 'open' };
    const state = emptyState();
    run(c, [{ key: 'state', ts: at(10), value: 'open' }], at(10), state);
    expect(run(c, [{ key: 'state', ts: at(5), value: 'closed' }], at(11), state).matched).toBe(
      true,
    );
    const smoke: Condition = { type: 'threshold', key: 'smoke', op: '==', value: true };
    expect(run(smoke, [{ key: 'smoke', ts: at(0), value: true }], at(0)).matched).toBe(true);
    expect(
      run(
        { type: 'threshold', key: 'state', op: '>', value: 'a' },
        [{ key: 'state', ts: at(0), value: 'b' }],
        at(0),
      ).matched,
    ).toBe(false);
  });
});
