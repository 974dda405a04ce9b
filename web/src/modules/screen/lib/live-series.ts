export interface Sample {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

/**
 * Appends a sample to a rolling window: kept in time order, at most `max` samples and none
 * older than `windowMs` before the newest. A sample not newer than the last is dropped (the
 * catch-up overview after a reconnect repeats what the screen may already hold).
 */
export function appendSample(
  series: readonly Sample[],
  sample: Sample,
  { max = 180, windowMs = 10 * 60_000 } = {},
): Sample[] {
  const last = series.at(-1);
  if (!Number.isFinite(sample.t) || !Number.isFinite(sample.v)) return [...series];
  if (last && sample.t <= last.t) return [...series];
  const from = sample.t - windowMs;
  const kept = series.filter((s) => s.t >= from);
  kept.push(sample);
  return kept.length > max ? kept.slice(kept.length - max) : kept;
}
