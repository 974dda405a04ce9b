/**
 * A region's device layer for the map, kept in memory as columns: positions change only when
 * devices are provisioned, moved or removed (then it is rebuilt from the registry); online
 * flags follow `iot.device.cameOnline` / `wentOffline` events one device at a time, and the
 * alerting set is re-read from the alerts module when alerts change. The JSON of the
 * positions is built once; a new body only re-serializes the state column.
 */
export class DeviceLayer {
  private readonly index = new Map<string, number>();
  private readonly online: Uint8Array;
  private alerting = new Set<string>();
  private readonly ids: string[];
  /** `"id":[…],` and `"lng":[…],"lat":[…],`: the parts that never change between rebuilds. */
  private readonly idColumn: Buffer;
  private readonly positions: Buffer;
  private body: Buffer | null = null;
  private bodyWithoutIds: Buffer | null = null;
  readonly builtAt = Date.now();

  constructor(
    rows: Array<{ id: string; lng: number; lat: number; online: boolean }>,
    alerting: Set<string>,
  ) {
    const n = rows.length;
    this.ids = new Array<string>(n);
    const lng = new Array<number>(n);
    const lat = new Array<number>(n);
    this.online = new Uint8Array(n);
    rows.forEach((r, i) => {
      this.ids[i] = r.id;
      this.index.set(r.id, i);
      // 1e-5° is about a metre: plenty for a city map, and a third fewer bytes.
      lng[i] = Math.round(r.lng * 1e5) / 1e5;
      lat[i] = Math.round(r.lat * 1e5) / 1e5;
      this.online[i] = r.online ? 1 : 0;
    });
    this.alerting = alerting;
    this.idColumn = Buffer.from(`"id":${JSON.stringify(this.ids)},`);
    this.positions = Buffer.from(`"lng":${JSON.stringify(lng)},"lat":${JSON.stringify(lat)},`);
  }

  get count(): number {
    return this.ids.length;
  }

  has(deviceId: string): boolean {
    return this.index.has(deviceId);
  }

  setOnline(deviceId: string, online: boolean): void {
    const i = this.index.get(deviceId);
    if (i === undefined || this.online[i] === (online ? 1 : 0)) return;
    this.online[i] = online ? 1 : 0;
    this.body = null;
    this.bodyWithoutIds = null;
  }

  setAlerting(deviceIds: Set<string>): void {
    this.alerting = deviceIds;
    this.body = null;
    this.bodyWithoutIds = null;
  }

  /** 0 online, 1 offline, 2 alerting (an open alert wins). */
  states(): number[] {
    const out = new Array<number>(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) {
      out[i] = this.alerting.has(this.ids[i] as string) ? 2 : this.online[i] ? 0 : 1;
    }
    return out;
  }

  /** The layer as JSON; without ids (an empty `id` column) it is about a third the size. */
  bytes(now: number, withIds = true): Buffer {
    const build = () =>
      Buffer.concat([
        Buffer.from(`{"generatedAt":"${new Date(now).toISOString()}","count":${this.count},`),
        withIds ? this.idColumn : Buffer.from('"id":[],'),
        this.positions,
        Buffer.from(`"state":${JSON.stringify(this.states())}}`),
      ]);
    if (withIds) return (this.body ??= build());
    return (this.bodyWithoutIds ??= build());
  }
}
