/** Factories for the cases integration tests: photos, reports, transitions, outbox reads. */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { OneCity } from '../../app.ts';
import { DEMO_PASSWORD } from '../../demo/demo-people.ts';
import { JetStreamTransport } from '../../platform/events/jetstream.transport.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import {
  createTestEnvironment,
  testLogger,
  uniqueStreamName,
} from '../../../test/support/test-platform.ts';

export interface CaseBody {
  id: string;
  number: string;
  stage: string;
  version: number;
  classId: string;
  gridId: string;
  assigneeDepartmentId: string | null;
  keptInGrid: boolean;
  handlerId: string | null;
  overdue: boolean;
  supervised: boolean;
  suspended: boolean;
  escalationLevel: string;
  deadlineAt: string | null;
  masterCaseId: string | null;
  alertId: string | null;
  extensionRequest: { hours: number } | null;
}

export interface CaseDetailBody extends CaseBody {
  timeline: Array<{
    action: string;
    actorName: string;
    actorRole: string | null;
    fromStage: string | null;
    toStage: string | null;
    note: string | null;
    photoIds: string[];
  }>;
  photos: Array<{ id: string; url: string }>;
  reporters: Array<{ viaCaseId: string }>;
  availableActions: string[];
  suggestedAssignment: { kind: string; departmentId: string | null } | null;
  possibleDuplicates: Array<{ id: string; distanceMeters: number }>;
}

/** The smallest thing our sniffing accepts as a JPEG: its magic number and some bytes. */
export function jpeg(size = 256): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46], 0);
  return bytes;
}

export function centroidOf(t: TestApp, gridId: string): [number, number] {
  return t.app.regions.get(gridId).centroid;
}

/** A point `metres` north of another (1° of latitude ≈ 111.2 km). */
export function north(point: [number, number], metres: number): [number, number] {
  return [point[0], point[1] + metres / 111_195];
}

export async function uploadPhoto(t: TestApp, token: string, bytes = jpeg()): Promise<string> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/case-photos',
    token,
    headers: { 'content-type': 'image/jpeg' },
    payload: bytes,
  });
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

export async function report(
  t: TestApp,
  token: string,
  body: { classId: string; at: [number, number]; description?: string } & Record<string, unknown>,
): Promise<{
  response: LightMyRequestResponse;
  case: CaseBody;
  duplicates: Array<{ id: string }>;
}> {
  const { at, ...rest } = body;
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/cases',
    token,
    payload: { description: '现场发现问题', lng: at[0], lat: at[1], ...rest },
  });
  const json =
    response.statusCode === 201
      ? response.json<{ case: CaseBody; possibleDuplicates: Array<{ id: string }> }>()
      : null;
  return {
    response,
    case: json?.case as CaseBody,
    duplicates: json?.possibleDuplicates ?? [],
  };
}

export function move(
  t: TestApp,
  token: string,
  caseId: string,
  body: { action: string; expectedVersion: number } & Record<string, unknown>,
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/transitions`,
    token,
    payload: body,
  });
}

/** Moves and expects success; returns the case as it is now. */
export async function step(
  t: TestApp,
  token: string,
  current: CaseBody,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<CaseBody> {
  const response = await move(t, token, current.id, {
    action,
    expectedVersion: current.version,
    ...extra,
  });
  if (response.statusCode !== 200) {
    throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  }
  return response.json<CaseBody>();
}

export async function detail(t: TestApp, token: string, caseId: string): Promise<CaseDetailBody> {
  const response = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}`, token });
  if (response.statusCode !== 200) throw new Error(`detail failed: ${response.body}`);
  return response.json<CaseDetailBody>();
}

export async function outboxOf<P>(t: TestApp, type: string, caseId: string): Promise<P[]> {
  const rows = await t.app.platform.db.rows<{ payload: P }>(
    sql`SELECT payload FROM platform_outbox WHERE type = ${type} AND payload->>'caseId' = ${caseId} ORDER BY seq`,
  );
  return rows.map((r) => r.payload);
}

export async function timerOf(t: TestApp, kind: string, caseId: string) {
  return t.app.platform.timerRepository.find(t.app.platform.db.orm, kind, caseId);
}

/** The same test environment served by another OneCity (after a restart). */
export function rebind(t: TestApp, app: OneCity): TestApp {
  const request: TestApp['request'] = ({ token, headers, ...rest }) =>
    app.http.inject({
      ...rest,
      headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  const tokens = new Map<string, string>();
  return {
    ...t,
    app,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const cached = tokens.get(`${username}:${password}`);
      if (cached) return cached;
      const response = await request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
      const token = response.json<{ accessToken: string }>().accessToken;
      tokens.set(`${username}:${password}`, token);
      return token;
    },
    close: () => app.close(),
  };
}

export interface CasesTestApp extends TestApp {
  /** The JetStream stream of this app alone (when the tests run against NATS). */
  stream: string;
  /** Starts another OneCity on the same data and stream (a restart). */
  restart(): Promise<OneCity>;
}

/**
 * The demo city like `startTestApp`, but on a JetStream stream of its own: the cases module
 * consumes events, and test apps running in parallel on one NATS server must not take each
 * other's events from a shared durable consumer.
 */
export async function startCasesTestApp(options: { onDisk?: boolean } = {}): Promise<CasesTestApp> {
  const env = await createTestEnvironment({}, options);
  const stream = uniqueStreamName();
  const open = () =>
    OneCity.create({
      config: env.config,
      logger: testLogger(),
      seedDemo: false,
      jetStreamName: stream,
    });
  let app = await open();
  await app.demo.run({ seed: env.config.demoSeed, scale: 1, citizens: 20 });
  await app.prepare();
  const base: TestApp = {
    app,
    env,
    request: () => Promise.reject(new Error('rebound below')),
    login: () => Promise.reject(new Error('rebound below')),
    close: async () => undefined,
  };
  const t: CasesTestApp = {
    ...rebind(base, app),
    stream,
    async restart() {
      app = await open();
      await app.prepare();
      const again = rebind(base, app);
      t.app = again.app;
      t.request = again.request;
      t.login = again.login;
      return app;
    },
    async close() {
      if (app.platform.transport instanceof JetStreamTransport) {
        await app.platform.transport.destroyStream();
      }
      await app.close().catch(() => undefined);
      await env.cleanup();
    },
  };
  return t;
}
