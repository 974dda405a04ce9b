import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { CasePhotoService } from './case-photo.service.ts';
import { presentPhoto } from './case.presenter.ts';
import { PHOTO_HARD_LIMIT_BYTES } from './case-settings.ts';
import { PhotoView } from './case.schemas.ts';

const imageTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];
const uploadResponses = {
  201: PhotoView,
  ...problemResponses,
  409: Problem,
  413: Problem,
  415: Problem,
  422: Problem,
};
const uploadDescription =
  'Send the image bytes as the body (Content-Type image/jpeg, image/png, image/webp or application/octet-stream). ' +
  'The type is read from the bytes themselves: anything but JPEG, PNG or WebP → 422 not_an_image; above the size limit → 413 photo_too_large.';

/**
 * Photo upload takes raw image bytes, not JSON, so these routes live in their own
 * encapsulated scope with a binary body parser that no other route sees.
 */
export function registerCasePhotoRoutes(app: HttpServer, deps: { photos: CasePhotoService }): void {
  const { photos } = deps;
  app.register(async (scope) => {
    scope.addContentTypeParser(
      imageTypes,
      { parseAs: 'buffer', bodyLimit: PHOTO_HARD_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      '/api/v1/case-photos',
      {
        bodyLimit: PHOTO_HARD_LIMIT_BYTES,
        schema: {
          tags: ['cases'],
          summary: 'Upload a photo to reference later by id (intake photoIds, transition photos)',
          description: uploadDescription,
          security: bearer,
          response: uploadResponses,
        },
      },
      async (request, reply) => {
        const saved = await photos.upload(authenticated(request), asBuffer(request.body));
        return reply.status(201).send(presentPhoto(saved));
      },
    );

    scope.post(
      '/api/v1/cases/:id/photos',
      {
        bodyLimit: PHOTO_HARD_LIMIT_BYTES,
        schema: {
          tags: ['cases'],
          summary: 'Upload a photo straight onto a case (its reporters and staff in its region)',
          description: uploadDescription,
          security: bearer,
          params: IdParams,
          response: uploadResponses,
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const saved = await photos.upload(authenticated(request), asBuffer(request.body), id);
        return reply.status(201).send(presentPhoto(saved));
      },
    );
  });

  app.get(
    '/api/v1/case-photos/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'A photo’s bytes (its uploader, the case’s reporters and staff in its region)',
        security: bearer,
        params: IdParams,
        response: {
          200: Type.Unsafe({
            type: 'string',
            format: 'binary',
            description: 'image/jpeg, image/png or image/webp',
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const photo = await photos.read(authenticated(request), request.params.id);
      return reply
        .type(photo.contentType)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('etag', `"${photo.sha256}"`)
        .send(photo.data);
    },
  );
}

function asBuffer(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
