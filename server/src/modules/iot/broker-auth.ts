/**
 * What an external MQTT broker asks OneCity about a device (see broker-auth.routes.ts):
 * may this username connect, and may it publish or subscribe to this topic. A device is its
 * access token (the username, as on ThingsBoard); it may publish its own telemetry and
 * attributes only. Usernames that are no device are left to the broker's other
 * authenticators ("ignore"): the ingest workers' account, operators.
 */
export type BrokerResult = 'allow' | 'deny' | 'ignore';

/** The topics a device may publish to on an external broker. */
export const deviceTopics = (token: string) => [
  `v1/devices/${token}/telemetry`,
  `v1/devices/${token}/attributes`,
];

export function connectDecision(isDevice: boolean): BrokerResult {
  return isDevice ? 'allow' : 'ignore';
}

/**
 * `action`: EMQX's `publish` / `subscribe` / `all`, or mosquitto-go-auth's `acc` (1 read,
 * 2 write, 3 read and write, 4 subscribe).
 */
export function topicDecision(
  isDevice: boolean,
  username: string,
  topic: string,
  action: 'publish' | 'subscribe' | 'all' | number,
): BrokerResult {
  if (!isDevice) return 'ignore';
  const publishes = action === 'publish' || action === 2;
  return publishes && deviceTopics(username).includes(topic) ? 'allow' : 'deny';
}
