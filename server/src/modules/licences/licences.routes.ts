import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import { maskIdNumber, type Policy } from '../identity/index.ts';
import { licenceTypes, licenceTypesByCode } from './licence-types.ts';
import type { LicenceRow, UseRow } from './licence.repository.ts';
import { statusOf, type IssuingDepartment, type LicenceService } from './licence.service.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const StringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
const DateTime = Type.String({ format: 'date-time' });
const bearer = [{ bearer: [] }];
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const StatusSchema = StringEnum(['valid', 'revoked', 'expired'] as const);

const FieldView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  value: Type.Unknown(),
});

const PublicLicence = Type.Object({
  id: Type.String(),
  number: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  holderKind: StringEnum(['citizen', 'enterprise'] as const),
  holderName: Type.String(),
  holderIdentifier: Nullable(
    Type.String({ description: 'An ID number is masked; a credit code is public' }),
  ),
  fields: Type.Array(FieldView),
  departmentName: Type.String(),
  issuedAt: DateTime,
  validFrom: DateTime,
  validUntil: Nullable(DateTime),
  status: StatusSchema,
});

const LicenceView = Type.Object({
  ...PublicLicence.properties,
  departmentId: Type.String(),
  districtId: Nullable(Type.String()),
  revokedAt: Nullable(DateTime),
  revokeReason: Nullable(Type.String()),
  applicationId: Nullable(Type.String()),
  version: Type.Integer(),
  jws: Type.String({ description: 'The licence as a compact JWS (EdDSA / Ed25519)' }),
  qrPayload: Type.String({ description: 'What the QR code carries: the compact JWS itself' }),
});

const LicenceDetail = Type.Object({
  ...LicenceView.properties,
  uses: Type.Array(
    Type.Object({
      applicationId: Type.String(),
      applicationNumber: Type.String(),
      materialKey: Type.String(),
      usedAt: DateTime,
    }),
  ),
});

const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.Literal('OKP'),
      crv: Type.Literal('Ed25519'),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.Literal('EdDSA'),
      use: Type.Literal('sig'),
    }),
  ),
});

export interface LicenceRouteDeps {
  licences: LicenceService;
  policy: Policy;
  departmentOf: (actor: Actor) => Promise<string | null>;
  department: (id: string) => IssuingDepartment | null;
  holderOf: (accountId: string) => Promise<{
    id: string;
    kind: string;
    name: string;
    identifier: string | null;
  } | null>;
}

function fieldsOf(row: LicenceRow) {
  const type = licenceTypesByCode.get(row.type);
  return (type?.fields ?? [])
    .filter((f) => f.key in row.fields)
    .map((f) => ({ key: f.key, name: f.name, nameEn: f.nameEn, value: row.fields[f.key] }));
}

function presentPublic(row: LicenceRow) {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    typeName: row.typeName,
    holderKind: row.holderKind,
    holderName: row.holderName,
    holderIdentifier:
      row.holderKind === 'citizen' ? maskIdNumber(row.holderIdentifier) : row.holderIdentifier,
    fields: fieldsOf(row),
    departmentName: row.departmentName,
    issuedAt: row.issuedAt.toISOString(),
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil?.toISOString() ?? null,
    status: statusOf(row),
  };
}

function present(row: LicenceRow) {
  return {
    ...presentPublic(row),
    departmentId: row.departmentId,
    districtId: row.districtId,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
    applicationId: row.applicationId,
    version: row.version,
    jws: row.jws,
    qrPayload: row.jws,
  };
}

const presentUse = (u: UseRow) => ({
  applicationId: u.applicationId,
  applicationNumber: u.applicationNumber,
  materialKey: u.materialKey,
  usedAt: u.usedAt.toISOString(),
});

/** The e-licence library over HTTP: public keys, verification and revocations; holders; issuers. */
export function registerLicenceRoutes(app: HttpServer, deps: LicenceRouteDeps): void {
  const { licences, policy } = deps;

  app.get(
    '/api/v1/licences/keys',
    {
      schema: {
        tags: ['licences'],
        summary:
          'The public keys licences are signed with (JWKS, Ed25519): verify licences offline',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return licences.jwks;
    },
  );

  app.get(
    '/api/v1/licences/types',
    {
      schema: {
        tags: ['licences'],
        summary: 'Kinds of e-licence: issuing department, holders, validity, printed fields',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                nameEn: Type.String(),
                departmentCode: Type.String(),
                holderKinds: Type.Array(StringEnum(['citizen', 'enterprise'] as const)),
                validYears: Nullable(Type.Integer()),
                numberPrefix: Type.String(),
                fields: Type.Array(
                  Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String() }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: licenceTypes }),
  );

  app.post(
    '/api/v1/licences/verify',
    {
      schema: {
        tags: ['licences'],
        summary:
          'Verify a licence online (what its QR code carries): signature, validity, revocation',
        description:
          'Answers 200 with valid true or false and a reason: malformed, unsupported_algorithm, unknown_key, bad_signature (forged or altered), not_yet_valid, expired, revoked, unknown_licence. ' +
          'Offline verifiers check the signature with GET /api/v1/licences/keys and must also consult GET /api/v1/licences/revocations: a signature stays valid after revocation.',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 8192 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            reason: Nullable(
              StringEnum([
                'malformed',
                'unsupported_algorithm',
                'unknown_key',
                'bad_signature',
                'not_yet_valid',
                'expired',
                'revoked',
                'unknown_licence',
              ] as const),
            ),
            checkedAt: DateTime,
            licence: Nullable(PublicLicence),
          }),
          400: Problem,
        },
      },
    },
    async (request) => {
      const result = await licences.verify(request.body.token);
      return { ...result, licence: result.licence ? presentPublic(result.licence) : null };
    },
  );

  app.get(
    '/api/v1/licences/revocations',
    {
      schema: {
        tags: ['licences'],
        summary:
          'The revocation list: every revoked licence, signed as a whole (for offline verifiers)',
        description:
          'A licence’s own signature cannot say it was revoked later. Offline verifiers fetch this list regularly and refuse the licences on it; `jws` signs the list of ids with the licence keys.',
        response: {
          200: Type.Object({
            issuer: Type.String(),
            generatedAt: DateTime,
            revoked: Type.Array(
              Type.Object({
                id: Type.String(),
                number: Type.String(),
                type: Type.String(),
                revokedAt: DateTime,
                reason: Type.String(),
              }),
            ),
            jws: Type.String(),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return licences.revocationList();
    },
  );

  app.get(
    '/api/v1/licences/mine',
    {
      schema: {
        tags: ['licences'],
        summary: 'My licences (我的证照), each with its QR payload',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(LicenceView) }), ...problemResponses },
      },
    },
    async (request) => ({ items: (await licences.mine(authenticated(request))).map(present) }),
  );

  app.get(
    '/api/v1/licences',
    {
      schema: {
        tags: ['licences'],
        summary: 'Licences issued in my region (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            type: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(StatusSchema),
            department: Type.Optional(Type.String({ maxLength: 64 })),
            holder: Type.Optional(Type.String({ format: 'uuid' })),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(LicenceView), ...problemResponses },
      },
    },
    async (request) => {
      const { department, holder, ...rest } = request.query;
      const page = await licences.list(authenticated(request), {
        ...rest,
        departmentId: department,
        holderId: holder,
      });
      return {
        items: page.items.map(present),
        total: page.total,
        limit: rest.limit,
        offset: rest.offset,
      };
    },
  );

  app.get(
    '/api/v1/licences/:id',
    {
      schema: {
        tags: ['licences'],
        summary: 'A licence with where it was used (its holder, or staff of its region)',
        security: bearer,
        params: IdParams,
        response: { 200: LicenceDetail, ...problemResponses },
      },
    },
    async (request) => {
      const row = await licences.readable(authenticated(request), request.params.id);
      return { ...present(row), uses: (await licences.usesOf(row.id)).map(presentUse) };
    },
  );

  app.post(
    '/api/v1/licences',
    {
      schema: {
        tags: ['licences'],
        summary: 'Issue a licence (a reviewer of the department that issues this type)',
        security: bearer,
        body: Type.Object(
          {
            type: Type.String({ minLength: 1, maxLength: 64 }),
            holderId: Type.String({ format: 'uuid' }),
            fields: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 50 }),
            validUntil: Type.Optional(Nullable(DateTime)),
          },
          { additionalProperties: false },
        ),
        response: { 201: LicenceDetail, ...problemResponses, 422: Problem },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const type = licences.type(request.body.type);
      const departmentId = await deps.departmentOf(actor);
      const department = departmentId ? deps.department(departmentId) : null;
      if (!department) throw forbidden(`${actor.username} belongs to no department`);
      policy.authorize(actor, 'licences.issue', { regionId: department.regionId });
      if (department.code !== type.departmentCode) {
        throw forbidden(
          `${type.name} is issued by ${type.departmentCode} departments, not ${department.name}`,
        );
      }
      const holder = await deps.holderOf(request.body.holderId);
      if (!holder || (holder.kind !== 'citizen' && holder.kind !== 'enterprise')) {
        throw new AppError(
          'unknown_holder',
          422,
          `account ${request.body.holderId} cannot hold licences`,
        );
      }
      const validUntil = request.body.validUntil;
      if (validUntil && new Date(validUntil) <= new Date()) {
        throw new AppError('invalid_validity', 422, 'validUntil must be in the future');
      }
      const saved = await licences.issue(actor, {
        type: type.code,
        holder: { ...holder, kind: holder.kind },
        fields: request.body.fields,
        department,
        districtId: department.regionId,
        validUntil:
          validUntil === undefined ? undefined : validUntil === null ? null : new Date(validUntil),
      });
      return reply.status(201).send({ ...present(saved), uses: [] });
    },
  );

  app.post(
    '/api/v1/licences/:id/revoke',
    {
      schema: {
        tags: ['licences'],
        summary: 'Revoke a licence (its issuing department, or a system administrator)',
        description:
          'A revoked licence fails online verification at once and appears on the revocation list.',
        security: bearer,
        params: IdParams,
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 500 }),
            version: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: LicenceDetail, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const revoked = await licences.revoke(
        actor,
        request.params.id,
        request.body,
        await deps.departmentOf(actor),
      );
      return { ...present(revoked), uses: (await licences.usesOf(revoked.id)).map(presentUse) };
    },
  );
}
