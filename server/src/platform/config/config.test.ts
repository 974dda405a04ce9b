import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has documented defaults: port 8080, ./data, embedded everything, MQTT port 1883', () => {
    const config = loadConfig({}, '/srv/onecity');
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/srv/onecity/data',
      databaseUrl: null,
      natsUrl: null,
      mqttUrl: null,
      mqttPort: 1883,
      bodyLimitBytes: 1048576,
      seedDemo: true,
      demoSimulate: true,
      demoSimulateRate: 30,
    });
  });

  it('turns the live demo off with ONECITY_DEMO_SIMULATE=false and refuses a bad rate', () => {
    expect(loadConfig({ ONECITY_DEMO_SIMULATE: 'false' }).demoSimulate).toBe(false);
    expect(loadConfig({ ONECITY_DEMO_SIMULATE_RATE: '5' }).demoSimulateRate).toBe(5);
    expect(() => loadConfig({ ONECITY_DEMO_SIMULATE_RATE: '0' })).toThrow(
      /ONECITY_DEMO_SIMULATE_RATE/,
    );
  });

  it('reads the production profile from environment variables', () => {
    const config = loadConfig({
      PORT: '9000',
      ONECITY_DATABASE_URL: 'postgres://u:p@db:5432/onecity',
      ONECITY_NATS_URL: 'nats://nats:4222',
      ONECITY_MQTT_URL: 'mqtt://broker:1883',
      ONECITY_MQTT_PORT: '18830',
      ONECITY_SEED_DEMO: 'false',
    });
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u:p@db:5432/onecity',
      natsUrl: 'nats://nats:4222',
      mqttUrl: 'mqtt://broker:1883',
      mqttPort: 18830,
      seedDemo: false,
    });
  });

  it('lists every bad variable at once, by its environment name', () => {
    try {
      loadConfig({ PORT: 'eighty', ONECITY_MQTT_PORT: '70000', ONECITY_DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT must be an integer, got "eighty"');
      expect(message).toContain('ONECITY_MQTT_PORT');
      expect(message).toContain('ONECITY_DATABASE_URL');
    }
  });

  it('keeps memory:// data dirs as they are', () => {
    expect(loadConfig({ ONECITY_DATA_DIR: 'memory://' }).dataDir).toBe('memory://');
  });
});
