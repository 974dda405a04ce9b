import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { IngestOutcome, TelemetryIngestService } from './telemetry-ingest.service.ts';
import { MAX_PAYLOAD_BYTES } from './telemetry-payload.ts';

/**
 * ThingsBoard's device HTTP API, so existing devices and gateways post unchanged:
 * `POST /api/v1/{token}/telemetry` and `/attributes`. Bodies are taken as raw bytes
 * whatever their content type (devices are sloppy about it) and handed to the ingest
 * service, which parses and validates them. Stored → 200; unknown token → 401 (as
 * ThingsBoard answers); malformed JSON or wrong shape → 400; too large → 413.
 */
export function registerDeviceApiRoutes(
  app: HttpServer,
  deps: { ingest: TelemetryIngestService },
): void {
  const deviceApi = async (scope: HttpServer) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_PAYLOAD_BYTES * 4 },
      (_request, body, done) => done(null, body),
    );
    for (const kind of ['telemetry', 'attributes'] as const) {
      scope.post(
        `/api/v1/:token/${kind}`,
        {
          schema: {
            tags: ['iot-device-api'],
            summary:
              kind === 'telemetry'
                ? 'Device telemetry (ThingsBoard-compatible): {"key": value}, {"ts": ms, "values": {...}} or an array of those'
                : 'Device attributes (ThingsBoard-compatible): {"key": value, ...}',
            description:
              'Authenticated by the device access token in the path. 200 when stored (data-quality issues are counted, not refused), 400 malformed JSON or wrong shape, 401 unknown token, 413 payload over 64 KiB.',
            params: Type.Object(
              { token: Type.String({ minLength: 1, maxLength: 128 }) },
              { additionalProperties: false },
            ),
            response: {
              200: Type.Object({ readings: Type.Integer(), issues: Type.Integer() }),
              400: Problem,
              401: Problem,
              413: Problem,
            },
          },
        },
        async (request) => {
          const body: unknown = request.body;
          const [outcome] = await deps.ingest.ingestBatch([
            {
              token: request.params.token,
              kind,
              body: Buffer.isBuffer(body) ? body : '',
              receivedAt: new Date(),
            },
          ]);
          return answer(outcome);
        },
      );
    }
  };
  app.register(deviceApi);
}

function answer(outcome: IngestOutcome | undefined) {
  if (!outcome) throw new AppError('internal_error', 500, 'no outcome');
  if (outcome.status === 'stored') return { readings: outcome.readings, issues: outcome.issues };
  const code = outcome.error?.code ?? outcome.status;
  const detail = outcome.error?.detail ?? code;
  if (outcome.status === 'unknown_device') throw new AppError('unknown_device', 401, detail);
  throw new AppError(code, code === 'payload_too_large' ? 413 : 400, detail);
}
