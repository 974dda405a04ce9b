import { describe, expect, it } from 'vitest';
import { connectDecision, topicDecision } from './broker-auth.ts';

describe('external broker decisions', () => {
  it('lets a device connect and leaves other usernames to the broker', () => {
    expect(connectDecision(true)).toBe('allow');
    expect(connectDecision(false)).toBe('ignore');
  });

  it('lets a device publish only its own telemetry and attributes', () => {
    const token = 'tok12345';
    expect(topicDecision(true, token, 'v1/devices/tok12345/telemetry', 'publish')).toBe('allow');
    expect(topicDecision(true, token, 'v1/devices/tok12345/attributes', 2)).toBe('allow');
    // Another device's topic, a read, a subscription, a wildcard, anything else: denied.
    expect(topicDecision(true, token, 'v1/devices/other123/telemetry', 'publish')).toBe('deny');
    expect(topicDecision(true, token, 'v1/devices/tok12345/telemetry', 'subscribe')).toBe('deny');
    expect(topicDecision(true, token, 'v1/devices/tok12345/telemetry', 1)).toBe('deny');
    expect(topicDecision(true, token, 'v1/devices/+/telemetry', 4)).toBe('deny');
    expect(topicDecision(true, token, 'v1/devices/tok12345/telemetry', 'all')).toBe('deny');
    expect(topicDecision(true, token, '$SYS/broker/uptime', 'publish')).toBe('deny');
    // Not a device: the broker's own rules decide.
    expect(topicDecision(false, 'onecity-ingest', 'v1/devices/+/telemetry', 'subscribe')).toBe(
      'ignore',
    );
  });
});
