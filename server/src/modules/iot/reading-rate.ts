/**
 * Readings stored per second over the last minute, per region (city, district, street, grid),
 * counted in memory by this node's ingest after each commit. Telemetry never rides the bus, so
 * this cheap counter is how the big screen learns the rate; with several ingest nodes each
 * counts its own share.
 */
export class ReadingRate {
  static readonly CITY = '*';
  private readonly windowSeconds = 60;
  /** region → 60 one-second buckets, and the second each bucket holds. */
  private readonly buckets = new Map<string, { counts: Int32Array; seconds: Float64Array }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Counts `n` readings of a device in its grid, street and district (and the city). */
  record(
    regions: { gridId: string | null; streetId: string | null; districtId: string | null },
    n: number,
  ): void {
    const second = Math.floor(this.clock() / 1000);
    this.add(ReadingRate.CITY, second, n);
    if (regions.districtId) this.add(regions.districtId, second, n);
    if (regions.streetId) this.add(regions.streetId, second, n);
    if (regions.gridId) this.add(regions.gridId, second, n);
  }

  /** Mean readings per second over the last full minute; `null` region = the whole city. */
  perSecond(regionId: string | null): number {
    const entry = this.buckets.get(regionId ?? ReadingRate.CITY);
    if (!entry) return 0;
    const now = Math.floor(this.clock() / 1000);
    let sum = 0;
    for (let i = 0; i < this.windowSeconds; i++) {
      const s = entry.seconds[i] as number;
      if (s < now && s >= now - this.windowSeconds) sum += entry.counts[i] as number;
    }
    return Math.round((sum / this.windowSeconds) * 10) / 10;
  }

  private add(regionId: string, second: number, n: number): void {
    let entry = this.buckets.get(regionId);
    if (!entry) {
      entry = {
        counts: new Int32Array(this.windowSeconds),
        seconds: new Float64Array(this.windowSeconds).fill(-1),
      };
      this.buckets.set(regionId, entry);
    }
    const i = second % this.windowSeconds;
    if (entry.seconds[i] !== second) {
      entry.seconds[i] = second;
      entry.counts[i] = 0;
    }
    entry.counts[i] = (entry.counts[i] as number) + n;
  }
}
