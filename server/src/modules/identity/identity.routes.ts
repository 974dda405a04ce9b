import { Type } from 'typebox';
import { unauthorized } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { RegionScope } from '../regions/index.ts';
import {
  AccountKindSchema,
  AccountSchema,
  presentAccount,
  StaffRoleSchema,
} from './account.presenter.ts';
import type { IdentityService } from './identity.service.ts';

const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const Grant = Type.Object(
  { role: StaffRoleSchema, regionId: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];

export function registerIdentityRoutes(
  app: HttpServer,
  deps: { identity: IdentityService; regions: RegionScope; jwks: () => object },
): void {
  const { identity, regions } = deps;
  const present = (account: Parameters<typeof presentAccount>[0]) =>
    presentAccount(account, regions);

  // Bearer tokens become request.actor here, once, for every route.
  app.decorateRequest('actor', null);
  // Callback-style: most requests carry no token (devices, scanners, the web app's assets) and
  // pass without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    // Only the API takes our bearer tokens; the OpenID provider (/oidc, /.well-known) reads
    // its own Authorization headers (client secrets, its access tokens).
    const header = request.headers.authorization;
    if (!header || !request.url.startsWith('/api/')) return done();
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!match?.[1]) {
      return done(unauthorized('The Authorization header must be "Bearer <token>"'));
    }
    identity.authenticate(match[1]).then((actor) => {
      request.actor = actor;
      done();
    }, done);
  });

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Log in with username and password; returns a bearer access token',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            accessToken: Type.String(),
            tokenType: Type.Literal('Bearer'),
            expiresIn: Type.Integer(),
            account: AccountSchema,
          }),
          400: Problem,
          401: Problem,
          403: Problem,
          429: Problem,
        },
      },
    },
    async (request) => {
      const result = await identity.login(request.body.username, request.body.password);
      return {
        accessToken: result.accessToken,
        tokenType: 'Bearer' as const,
        expiresIn: result.expiresIn,
        account: present(result.account),
      };
    },
  );

  app.post(
    '/api/v1/auth/register',
    {
      schema: {
        tags: ['identity'],
        summary: 'Register a citizen or enterprise account (assurance level basic)',
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('citizen'), Type.Literal('enterprise')]),
            username: Username,
            password: Password,
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
            idNumber: Type.Optional(Type.String({ maxLength: 18 })),
            creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AccountSchema, 400: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const account = await identity.register(request.body);
      return reply.status(201).send(present(account));
    },
  );

  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async () => deps.jwks());

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The logged-in account',
        security: bearer,
        response: { 200: AccountSchema, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      return present(await identity.get(actor, actor.id));
    },
  );

  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['identity'],
        summary: 'List accounts within the caller’s region scope (personal data masked)',
        security: bearer,
        querystring: Type.Object(
          {
            kind: Type.Optional(AccountKindSchema),
            q: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AccountSchema), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { items, total } = await identity.list(actor, request.query);
      return {
        items: items.map(present),
        total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'One account',
        security: bearer,
        params: IdParams,
        response: { 200: AccountSchema, ...problemResponses },
      },
    },
    async (request) => present(await identity.get(authenticated(request), request.params.id)),
  );

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create a staff account with role grants inside the caller’s region scope',
        security: bearer,
        body: Type.Object(
          {
            username: Username,
            password: Password,
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
            departmentId: Type.Optional(Type.String({ maxLength: 64 })),
            grants: Type.Array(Grant, { minItems: 1, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: AccountSchema, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const account = await identity.createStaff(authenticated(request), request.body);
      return reply.status(201).send(present(account));
    },
  );

  app.post(
    '/api/v1/accounts/:id/roles',
    {
      schema: {
        tags: ['identity'],
        summary: 'Grant a role within a region subtree',
        security: bearer,
        params: IdParams,
        body: Grant,
        response: { 200: AccountSchema, ...problemResponses },
      },
    },
    async (request) =>
      present(await identity.grant(authenticated(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/accounts/:id/roles',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke a role grant',
        security: bearer,
        params: IdParams,
        querystring: Grant,
        response: { 200: AccountSchema, ...problemResponses },
      },
    },
    async (request) =>
      present(await identity.revoke(authenticated(request), request.params.id, request.query)),
  );

  app.get(
    '/api/v1/departments',
    {
      schema: {
        tags: ['identity'],
        summary: 'Government departments (委办局), city level and district counterparts',
        security: bearer,
        querystring: Type.Object(
          {
            regionId: Type.Optional(Type.String({ maxLength: 32 })),
            code: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                code: Type.String(),
                name: Type.String(),
                shortName: Type.String(),
                nameEn: Type.String(),
                regionId: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      authenticated(request);
      return { items: await identity.listDepartments(request.query) };
    },
  );
}
