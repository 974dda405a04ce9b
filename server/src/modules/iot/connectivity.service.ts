import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { DeviceRepository } from './device.repository.ts';
import { iotEvent } from './iot.events.ts';
import type { IotMetrics } from './iot.metrics.ts';

/**
 * Online/offline per device. Ingest marks a device online (and announces it) when data
 * arrives; this sweep marks devices offline once nothing came for three of their product's
 * expected intervals (`offline_at`, kept by ingest), and announces that.
 */
export class ConnectivityService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly metrics: IotMetrics,
    private readonly batchSize = 5_000,
    /** Told which devices went offline (ingest then marks them online with their next message). */
    private readonly onOffline: (deviceIds: string[]) => void = () => undefined,
  ) {}

  /** One pass inside the caller's transaction; returns how many devices went offline. */
  async sweep(ctx: WriteContext, now: Date): Promise<{ wentOffline: number; more: boolean }> {
    const { gone, examined } = await this.devices.sweepOffline(ctx.sql, now, this.batchSize);
    // Devices heard of since their recorded deadline only got a new one: still "more" to look at.
    const more = examined === this.batchSize;
    if (gone.length === 0) return { wentOffline: 0, more };
    this.onOffline(gone.map((g) => g.deviceId));
    const details = new Map(
      (
        await this.devices.findManyByIds(
          ctx.sql,
          gone.map((g) => g.deviceId),
        )
      ).map((d) => [d.id, d]),
    );
    for (const { deviceId, lastSeenAt } of gone) {
      const device = details.get(deviceId);
      if (!device) continue;
      await ctx.emit(
        iotEvent(
          'iot.device.wentOffline',
          { deviceId, productId: device.productId, lastSeenAt: lastSeenAt?.toISOString() ?? null },
          { regionId: device.gridId },
        ),
      );
    }
    this.metrics.wentOffline.inc(gone.length);
    return { wentOffline: gone.length, more };
  }
}
