import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { OneCity } from '../../src/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-people.ts';
import { JetStreamTransport } from '../../src/platform/events/jetstream.transport.ts';
import {
  createTestEnvironment,
  testLogger,
  uniqueStreamName,
  type TestEnvironment,
} from './test-platform.ts';

export interface TestApp {
  app: OneCity;
  env: TestEnvironment;
  /** Logs a demo account in and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The real platform with the demo city seeded (a small citizen set), on the embedded
 * database by default or PostgreSQL / JetStream when the test URLs are set.
 */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: { onDisk?: boolean } = {},
): Promise<TestApp> {
  const env = await createTestEnvironment(overrides, options);
  // A stream of its own: apps of parallel test files must not take each other's events.
  const app = await OneCity.create({
    config: env.config,
    logger: testLogger(),
    seedDemo: false,
    jetStreamName: uniqueStreamName(),
  });
  await app.demo.run({ seed: env.config.demoSeed, scale: 1, citizens: 20 });
  await app.prepare();
  const tokens = new Map<string, string>();
  const request: TestApp['request'] = ({ token, headers, ...rest }) =>
    app.http.inject({
      ...rest,
      headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  return {
    app,
    env,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const cached = tokens.get(`${username}:${password}`);
      if (cached) return cached;
      const response = await request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (response.statusCode !== 200) {
        throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      }
      const token = response.json<{ accessToken: string }>().accessToken;
      tokens.set(`${username}:${password}`, token);
      return token;
    },
    async close() {
      if (app.platform.transport instanceof JetStreamTransport) {
        await app.platform.transport.destroyStream();
      }
      await app.close();
      await env.cleanup();
    },
  };
}

export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): { detail: string; errors?: Array<{ path: string; message: string }> } {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status} ${code}, got ${response.statusCode}: ${response.body}`);
  }
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${response.headers['content-type']}`);
  }
  const body = response.json<{ code: string; status: number; detail: string; title: string }>();
  if (body.code !== code || body.status !== status || !body.title || !body.detail) {
    throw new Error(`expected problem ${code}, got ${response.body}`);
  }
  return body;
}
