import { defineEvents } from '../../platform/events/event.ts';

/** Facts about devices. Telemetry itself never travels on the bus (see DESIGN.md). */
export interface IotEvents {
  'iot.product.created': { productId: string; name: string };
  'iot.product.updated': { productId: string; retentionDays: number };
  'iot.device.provisioned': {
    deviceId: string;
    productId: string;
    name: string;
    gridId: string | null;
    departmentId: string | null;
  };
  /** A bulk import committed one batch of devices. */
  'iot.devices.imported': { count: number; deviceIds: string[]; productIds: string[] };
  'iot.device.updated': { deviceId: string; fields: string[] };
  'iot.device.deleted': { deviceId: string; productId: string };
  'iot.device.cameOnline': { deviceId: string; productId: string; at: string };
  'iot.device.wentOffline': { deviceId: string; productId: string; lastSeenAt: string | null };
}

export const iotEvent = defineEvents<IotEvents>();
