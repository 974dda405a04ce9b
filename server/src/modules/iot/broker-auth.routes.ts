import crypto from 'node:crypto';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Problem } from '../../platform/http/problem.ts';
import { connectDecision, deviceTopics, topicDecision, type BrokerResult } from './broker-auth.ts';

/**
 * HTTP authentication and authorization for an external MQTT broker, so devices connect to
 * it with their access token as on the embedded broker, without a password file to keep in
 * step with the registry:
 *
 * - `POST /api/v1/mqtt/auth` — EMQX's HTTP authenticator and mosquitto-go-auth's `getuser`.
 * - `POST /api/v1/mqtt/acl` — EMQX's HTTP authorizer and mosquitto-go-auth's `aclcheck`.
 *
 * Both answer 200 with `result` (EMQX 5: allow, deny, ignore) and `ok` (mosquitto-go-auth's
 * JSON response mode). With ONECITY_MQTT_AUTH_SECRET set the broker must send it in
 * `X-Broker-Secret`; otherwise 403 (which EMQX treats as "ignore").
 */
export function registerBrokerAuthRoutes(
  app: HttpServer,
  deps: { isDevice: (token: string) => Promise<boolean>; secret: string | null },
): void {
  const Answer = Type.Object({
    result: Type.Union([Type.Literal('allow'), Type.Literal('deny'), Type.Literal('ignore')]),
    ok: Type.Boolean(),
    error: Type.String(),
  });
  const answer = (result: BrokerResult, why: string) => ({
    result,
    ok: result === 'allow',
    error: result === 'allow' ? '' : why,
  });
  const headers = Type.Object({
    'x-broker-secret': Type.Optional(Type.String({ maxLength: 256 })),
  });
  const expected = deps.secret ? Buffer.from(deps.secret) : null;
  const checkSecret = (given: string | undefined) => {
    if (!expected) return;
    const bytes = Buffer.from(given ?? '');
    if (bytes.length !== expected.length || !crypto.timingSafeEqual(bytes, expected)) {
      throw new AppError('forbidden', 403, 'X-Broker-Secret is missing or wrong');
    }
  };
  // Brokers send more fields than these (client id, peer address, protocol): they are ignored.
  const Username = Type.String({ maxLength: 256 });

  app.post(
    '/api/v1/mqtt/auth',
    {
      schema: {
        tags: ['iot-device-api'],
        summary: 'External MQTT broker: may this username (a device access token) connect?',
        description:
          'For EMQX (HTTP authenticator) and mosquitto-go-auth (HTTP backend, JSON response mode). ' +
          'A device token → allow, with the topics it may publish to (EMQX ≥ 5.8 `acl`); any other ' +
          'username → ignore, left to the broker (the ingest workers, operators).',
        headers,
        body: Type.Object({ username: Username }, { additionalProperties: true }),
        response: {
          200: Type.Intersect([
            Answer,
            Type.Object({
              is_superuser: Type.Boolean(),
              acl: Type.Optional(
                Type.Array(
                  Type.Object({
                    permission: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
                    action: Type.String(),
                    topic: Type.String(),
                  }),
                ),
              ),
            }),
          ]),
          400: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      checkSecret(request.headers['x-broker-secret']);
      const { username } = request.body;
      const isDevice = await deps.isDevice(username);
      const result = connectDecision(isDevice);
      return {
        ...answer(result, 'not a device access token'),
        is_superuser: false,
        ...(isDevice
          ? {
              acl: [
                ...deviceTopics(username).map((topic) => ({
                  permission: 'allow' as const,
                  action: 'publish',
                  topic,
                })),
                { permission: 'deny' as const, action: 'all', topic: '#' },
              ],
            }
          : {}),
      };
    },
  );

  app.post(
    '/api/v1/mqtt/acl',
    {
      schema: {
        tags: ['iot-device-api'],
        summary: 'External MQTT broker: may this device publish or subscribe to this topic?',
        description:
          'A device may publish to its own `v1/devices/<token>/telemetry` and `/attributes` only; ' +
          'usernames that are no device → ignore. `action` is EMQX’s (publish, subscribe), `acc` ' +
          'mosquitto-go-auth’s (1 read, 2 write, 3 both, 4 subscribe).',
        headers,
        body: Type.Object(
          {
            username: Username,
            topic: Type.String({ maxLength: 1024 }),
            action: Type.Optional(
              Type.Union([Type.Literal('publish'), Type.Literal('subscribe'), Type.Literal('all')]),
            ),
            acc: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
          },
          { additionalProperties: true },
        ),
        response: { 200: Answer, 400: Problem, 403: Problem },
      },
    },
    async (request) => {
      checkSecret(request.headers['x-broker-secret']);
      const { username, topic, action, acc } = request.body;
      if (action === undefined && acc === undefined) {
        throw new AppError(
          'validation_failed',
          400,
          'Give action (EMQX) or acc (mosquitto-go-auth)',
        );
      }
      const result = topicDecision(await deps.isDevice(username), username, topic, action ?? acc!);
      return answer(result, 'a device may publish only its own telemetry and attributes');
    },
  );
}
