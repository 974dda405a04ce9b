import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { ApiKeyService } from './api-key.service.ts';
import { KeyBody, KeyView } from './open311.schemas.ts';
import type { ApiKeyRow } from './open311.repository.ts';

const bearer = [{ bearer: [] }];
const tags = ['open311'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentKey = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  contact: k.contact,
  keyPrefix: k.keyPrefix,
  ratePerMinute: k.ratePerMinute,
  status: k.status,
  createdAt: k.createdAt.toISOString(),
  revokedAt: iso(k.revokedAt),
  lastUsedAt: iso(k.lastUsedAt),
});

/** The administrator's side: issue (the key is shown once), list and revoke third parties' keys. */
export function registerOpen311KeyRoutes(
  app: HttpServer,
  deps: { keys: ApiKeyService; policy: Policy },
): void {
  const { keys, policy } = deps;
  const admin = (request: Parameters<typeof authenticated>[0]) => {
    const actor = authenticated(request);
    policy.authorize(actor, 'open311.keys.manage');
    return actor;
  };

  app.post(
    '/api/v1/open311/keys',
    {
      schema: {
        tags,
        summary: 'Issue an Open311 API key to a third party; the key is in this answer only',
        security: bearer,
        body: KeyBody,
        response: {
          201: Type.Object({
            key: KeyView,
            apiKey: Type.String({ description: 'Shown once: only its SHA-256 is stored' }),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { key, apiKey } = await keys.create(admin(request), request.body);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ key: presentKey(key), apiKey });
    },
  );

  app.get(
    '/api/v1/open311/keys',
    {
      schema: {
        tags,
        summary: 'Open311 API keys: who holds them, their rate, last use, status',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(KeyView) }), ...problemResponses },
      },
    },
    async (request) => {
      admin(request);
      return { items: (await keys.list()).map(presentKey) };
    },
  );

  app.post(
    '/api/v1/open311/keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an Open311 API key: its next call gets 403',
        security: bearer,
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 200: KeyView, ...problemResponses },
      },
    },
    async (request) => presentKey(await keys.revoke(admin(request), request.params.id)),
  );
}
