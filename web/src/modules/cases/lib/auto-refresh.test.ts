import { describe, expect, it } from 'vitest';
import { startAutoRefresh, type RefreshEnvironment } from './auto-refresh';

/** A page with a clock we move by hand, a visibility we switch and a focus we fire. */
function fakePage() {
  let now = 0;
  let visible = true;
  let nextId = 1;
  const timers = new Map<number, { callback: () => void; ms: number; due: number }>();
  const listeners = new Set<() => void>();
  const env: RefreshEnvironment = {
    isVisible: () => visible,
    onReturn(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    setInterval(callback, ms) {
      const id = nextId++;
      timers.set(id, { callback, ms, due: now + ms });
      return id;
    },
    clearInterval: (handle) => void timers.delete(handle as number),
    now: () => now,
  };
  return {
    env,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...timers.values()].sort((a, b) => a.due - b.due)[0];
        if (!next || next.due > end) break;
        now = next.due;
        next.due += next.ms;
        next.callback();
      }
      now = end;
    },
    hide() {
      visible = false;
    },
    show() {
      visible = true;
      for (const l of [...listeners]) l();
    },
    focus() {
      for (const l of [...listeners]) l();
    },
    get timers() {
      return timers.size;
    },
    get listeners() {
      return listeners.size;
    },
  };
}

describe('the case lists refresh themselves', () => {
  const options = { intervalMs: 20_000, minGapMs: 5_000 };

  it('every 20 s while the page is visible', () => {
    const page = fakePage();
    let calls = 0;
    startAutoRefresh(() => calls++, { ...options, env: page.env });
    page.advance(19_999);
    expect(calls).toBe(0);
    page.advance(1);
    expect(calls).toBe(1);
    page.advance(60_000);
    expect(calls).toBe(4);
  });

  it('not while the tab is hidden, and at once when it comes back', () => {
    const page = fakePage();
    let calls = 0;
    startAutoRefresh(() => calls++, { ...options, env: page.env });
    page.hide();
    page.advance(120_000);
    expect(calls).toBe(0);
    page.show();
    expect(calls).toBe(1);
    // The interval starts again from the return: the next refresh is a full 20 s later.
    page.advance(19_000);
    expect(calls).toBe(1);
    page.advance(1_000);
    expect(calls).toBe(2);
  });

  it('on focus, unless it refreshed a moment ago (visibility and focus count once)', () => {
    const page = fakePage();
    let calls = 0;
    startAutoRefresh(() => calls++, { ...options, env: page.env });
    page.advance(10_000);
    page.focus();
    expect(calls).toBe(1);
    page.advance(1_000);
    page.focus();
    page.show();
    expect(calls).toBe(1);
    page.advance(5_000);
    page.focus();
    expect(calls).toBe(2);
  });

  it('stops for good: no timer, no listener left', () => {
    const page = fakePage();
    let calls = 0;
    const stop = startAutoRefresh(() => calls++, { ...options, env: page.env });
    stop();
    expect(page.timers).toBe(0);
    expect(page.listeners).toBe(0);
    page.advance(100_000);
    page.focus();
    expect(calls).toBe(0);
  });
});
