/**
 * What the MQTT transports need from the iot module: a sink that stores a batch of device
 * messages durably, and a way to check a device's access token at CONNECT.
 */
export interface DeviceMessage {
  token: string;
  kind: 'telemetry' | 'attributes';
  body: Buffer | string;
  receivedAt: Date;
}

export interface DeviceMessageOutcome {
  status: 'stored' | 'rejected' | 'unknown_device';
  readings: number;
  issues: number;
  error?: { code: string; detail: string };
}

export interface TelemetrySink {
  ingestBatch(messages: DeviceMessage[]): Promise<DeviceMessageOutcome[]>;
}

export interface DeviceTokenCheck {
  isKnownToken(token: string): Promise<boolean>;
}

/** ThingsBoard's device topics, so existing devices and gateways connect unchanged. */
export const deviceTopics = {
  telemetry: 'v1/devices/me/telemetry',
  attributes: 'v1/devices/me/attributes',
} as const;

export function kindOfTopic(topic: string): DeviceMessage['kind'] | null {
  if (topic === deviceTopics.telemetry) return 'telemetry';
  if (topic === deviceTopics.attributes) return 'attributes';
  return null;
}
