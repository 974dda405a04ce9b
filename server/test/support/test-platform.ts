import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';

/**
 * Integration tests run on the embedded profile (in-memory PGlite, in-process bus) unless
 * ONECITY_TEST_DATABASE_URL / ONECITY_TEST_NATS_URL point at real servers; CI runs both.
 * Each test gets a database of its own on the server, dropped afterwards.
 */
export const testDatabaseServer = process.env.ONECITY_TEST_DATABASE_URL ?? null;
export const testNatsUrl = process.env.ONECITY_TEST_NATS_URL ?? null;

export interface TestEnvironment {
  config: Config;
  /** Drops the test database (PostgreSQL) or removes the data dir. */
  cleanup(): Promise<void>;
}

export async function createTestEnvironment(
  overrides: Record<string, string> = {},
  options: { onDisk?: boolean } = {},
): Promise<TestEnvironment> {
  const id = crypto.randomBytes(5).toString('hex');
  const dataDir = options.onDisk
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-test-'))
    : 'memory://';
  let databaseUrl: string | undefined;
  let dropDatabase = async () => undefined as void;
  if (testDatabaseServer) {
    const name = `onecity_test_${id}`;
    const admin = new pg.Client({ connectionString: testDatabaseServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(testDatabaseServer);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: testDatabaseServer });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const config = loadConfig({
    ONECITY_DATA_DIR: dataDir,
    ONECITY_LOG_LEVEL: process.env.ONECITY_TEST_LOG_LEVEL ?? 'silent',
    ONECITY_NODE_ID: `test-${id}`,
    ONECITY_DATABASE_URL: databaseUrl,
    ONECITY_NATS_URL: testNatsUrl ?? undefined,
    ONECITY_SEED_DEMO: 'false',
    // A free port: 1883 may belong to a real broker (Mosquitto) on this machine.
    ONECITY_MQTT_PORT: '0',
    ...overrides,
  });
  return {
    config,
    async cleanup() {
      await dropDatabase();
      if (options.onDisk) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const testLogger = () => createLogger(process.env.ONECITY_TEST_LOG_LEVEL ?? 'silent');

export function uniqueStreamName(): string {
  return `ONECITY_TEST_${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
