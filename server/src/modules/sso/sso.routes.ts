import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Problem, problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import { acrOf, acrValues, meets, requiredAcrFor } from './acr.ts';
import { clientGrantTypes } from './client.service.ts';
import { clientRequiredAcr, isFirstParty, OIDC_PREFIX } from './oidc-provider.ts';
import type { SsoModule } from './sso.module.ts';
import type { ClientRow } from './sso.repository.ts';
import { errorPage, loginPage } from './sso-pages.ts';

const bearer = [{ bearer: [] }];
const tags = ['sso'];

const ClientView = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    redirectUris: Type.Array(Type.String()),
    postLogoutRedirectUris: Type.Array(Type.String()),
    grantTypes: Type.Array(Type.String()),
    tokenEndpointAuthMethod: Type.String(),
    subjectType: Type.String(),
    scope: Type.String(),
    /** The least assurance level (acr) the relying party accepts, whatever it asks. */
    requiredAcr: Type.Union([Type.String(), Type.Null()]),
    /** Where logout tokens are posted when a session it was in ends (back-channel logout). */
    backchannelLogoutUri: Type.Union([Type.String(), Type.Null()]),
    /** OneCity's own web app: defined by the configuration, cannot be disabled. */
    firstParty: Type.Boolean(),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SsoClient' },
);

const Uri = Type.String({ minLength: 1, maxLength: 500, format: 'uri' });
const RequiredAcr = Type.Union([
  Type.Unsafe<(typeof acrValues)[number]>({ type: 'string', enum: [...acrValues] }),
  Type.Null(),
]);

const present = (c: ClientRow) => ({
  clientId: c.clientId,
  name: c.name,
  redirectUris: c.metadata.redirect_uris,
  postLogoutRedirectUris: (c.metadata.post_logout_redirect_uris as string[] | undefined) ?? [],
  grantTypes: c.metadata.grant_types,
  tokenEndpointAuthMethod: String(c.metadata.token_endpoint_auth_method),
  subjectType: String(c.metadata.subject_type ?? 'public'),
  scope: String(c.metadata.scope ?? ''),
  requiredAcr: clientRequiredAcr(c.metadata) ?? null,
  backchannelLogoutUri: (c.metadata.backchannel_logout_uri as string | undefined) ?? null,
  firstParty: isFirstParty(c.metadata),
  status: c.status,
  createdAt: c.createdAt.toISOString(),
});

const FORM_LIMIT = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > FORM_LIMIT) throw new AppError('body_too_large', 413, 'Form too large');
  }
  return text;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

const isJson = (req: IncomingMessage) =>
  /^application\/json\b/i.test(req.headers['content-type'] ?? '');

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    // No form-action: after the login form, redirects lead on to the relying party.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

export function registerSsoRoutes(app: HttpServer, deps: { sso: SsoModule; policy: Policy }) {
  const { sso, policy } = deps;
  const admin = (request: FastifyRequest) => {
    const actor = authenticated(request);
    policy.authorize(actor, 'sso.clients.manage');
    return actor;
  };

  // —— relying parties (admin API) ——

  app.get(
    '/api/v1/sso/clients',
    {
      schema: {
        tags,
        summary: 'Relying parties of the single sign-on',
        security: bearer,
        response: { 200: Type.Array(ClientView), ...problemResponses },
      },
    },
    async (request) => {
      admin(request);
      return (await sso.clients.list()).map(present);
    },
  );

  app.post(
    '/api/v1/sso/clients',
    {
      schema: {
        tags,
        summary: 'Register a relying party; the answer carries its client secret, shown once',
        security: bearer,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
            postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
            grantTypes: Type.Optional(
              Type.Array(
                Type.Unsafe<(typeof clientGrantTypes)[number]>({
                  type: 'string',
                  enum: [...clientGrantTypes],
                }),
                { minItems: 1, maxItems: 3 },
              ),
            ),
            public: Type.Optional(Type.Boolean()),
            pairwise: Type.Optional(Type.Boolean()),
            scope: Type.Optional(Type.String({ maxLength: 200 })),
            requiredAcr: Type.Optional(RequiredAcr),
            backchannelLogoutUri: Type.Optional(Type.Union([Uri, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            client: ClientView,
            clientSecret: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      const { client, clientSecret } = await sso.clients.register(actor, request.body);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ client: present(client), clientSecret });
    },
  );

  app.patch(
    '/api/v1/sso/clients/:clientId',
    {
      schema: {
        tags,
        summary:
          'Change a relying party: disable or enable it, rename it, replace its redirect URIs or its least assurance level',
        security: bearer,
        params: Type.Object(
          { clientId: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        body: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
            postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
            requiredAcr: Type.Optional(RequiredAcr),
            backchannelLogoutUri: Type.Optional(Type.Union([Uri, Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ClientView, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = admin(request);
      const { status, ...change } = request.body;
      let client = Object.keys(change).length
        ? await sso.clients.update(actor, request.params.clientId, change)
        : null;
      if (status) client = await sso.clients.setStatus(actor, request.params.clientId, status);
      return present(client!);
    },
  );

  app.post(
    '/api/v1/sso/clients/:clientId/secret',
    {
      schema: {
        tags,
        summary:
          'Give a confidential relying party a new client secret, shown once; the old one stops working',
        security: bearer,
        params: Type.Object(
          { clientId: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ client: ClientView, clientSecret: Type.String() }),
          ...problemResponses,
          409: Problem,
        },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      const { client, clientSecret } = await sso.clients.rotateSecret(
        actor,
        request.params.clientId,
      );
      return reply
        .header('cache-control', 'no-store')
        .send({ client: present(client), clientSecret });
    },
  );

  // —— the provider and its pages, in a scope of their own ——

  app.register(async (scope) => {
    // The provider reads request bodies itself: leave every body unread here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    const passthrough = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      void sso.provider().callback()(request.raw, reply.raw);
    };
    scope.get('/.well-known/openid-configuration', { schema: { hide: true } }, passthrough);
    scope.all(`${OIDC_PREFIX}/*`, { schema: { hide: true } }, passthrough);

    /** Runs an interaction step on the raw request; an expired or unknown one gets a page. */
    const interaction =
      (step: (req: IncomingMessage, res: ServerResponse, uid: string) => Promise<void>) =>
      async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => {
        reply.hijack();
        const { raw: req } = request;
        const res = reply.raw;
        try {
          await step(req, res, request.params.uid);
        } catch (error) {
          if (res.headersSent) return;
          const e = error as { error?: string; error_description?: string; message?: string };
          sendHtml(
            res,
            400,
            errorPage(e.error ?? 'invalid_request', e.error_description ?? e.message),
          );
        }
      };

    const render = async (
      req: IncomingMessage,
      res: ServerResponse,
      uid: string,
      extra: { username?: string; error?: string | null; status?: number } = {},
    ) => {
      const provider = sso.provider();
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      sendHtml(
        res,
        extra.status ?? 200,
        loginPage({
          uid,
          clientName: client?.clientName ?? String(details.params.client_id),
          username: extra.username,
          error: extra.error ?? null,
          requiredAcr: requiredAcrFor(details.params.acr_values, clientRequiredAcr(client)),
        }),
      );
    };

    scope.get(
      `${OIDC_PREFIX}/interaction/:uid`,
      { schema: { hide: true } },
      interaction(async (req, res, uid) => {
        const provider = sso.provider();
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'consent') {
          // Admin-registered relying parties need no consent screen: grant what they asked.
          const grant = details.grantId
            ? (await provider.Grant.find(details.grantId))!
            : new provider.Grant({
                accountId: details.session!.accountId,
                clientId: String(details.params.client_id),
              });
          const missing = details.prompt.details as {
            missingOIDCScope?: string[];
            missingOIDCClaims?: string[];
          };
          if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
          if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
          await provider.interactionFinished(
            req,
            res,
            { consent: { grantId: await grant.save() } },
            { mergeWithLastSubmission: true },
          );
          return;
        }
        const client = await provider.Client.find(String(details.params.client_id));
        if (isFirstParty(client)) {
          // Our own web app draws this step itself (its login page, language and look) and
          // posts the credentials back here as JSON.
          res.writeHead(303, {
            location: `/login?interaction=${encodeURIComponent(uid)}`,
            'cache-control': 'no-store',
          });
          res.end();
          return;
        }
        await render(req, res, uid);
      }),
    );

    scope.post(
      `${OIDC_PREFIX}/interaction/:uid/login`,
      { schema: { hide: true } },
      interaction(async (req, res, uid) => {
        if (isJson(req)) {
          await jsonLogin(req, res);
          return;
        }
        const provider = sso.provider();
        const form = await readForm(req);
        const username = form.get('username') ?? '';
        let account;
        try {
          account = await sso.identity.verify(username, form.get('password') ?? '');
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const message =
            error.status === 401 ? '用户名或密码错误 · Wrong username or password' : error.message;
          await render(req, res, uid, { username, error: message, status: error.status });
          return;
        }
        await provider.interactionFinished(req, res, await loginResult(req, res, account), {
          mergeWithLastSubmission: false,
        });
      }),
    );

    /** The login's outcome for the provider: the account and its acr, or unmet requirements. */
    const loginResult = async (
      req: IncomingMessage,
      res: ServerResponse,
      account: Awaited<ReturnType<SsoModule['identity']['verify']>>,
    ) => {
      const provider = sso.provider();
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      const acr = acrOf(account.assuranceLevel);
      const required = requiredAcrFor(details.params.acr_values, clientRequiredAcr(client));
      if (!meets(acr, required)) {
        return {
          error: 'unmet_authentication_requirements',
          error_description: `this application requires assurance level ${required}; the account has ${acr}`,
        };
      }
      return { login: { accountId: account.id, acr, amr: ['pwd'], remember: true } };
    };

    /**
     * The web app's login form posts JSON and gets JSON: where to go next, or a problem
     * document it shows beside the form (wrong password, locked account, interaction gone).
     */
    const jsonLogin = async (req: IncomingMessage, res: ServerResponse) => {
      const sendJson = (status: number, body: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, code: string, detail: string, extra = {}) =>
        sendJson(status, problem(status, code, detail, extra), 'application/problem+json');
      const provider = sso.provider();
      let credentials: { username?: unknown; password?: unknown };
      try {
        credentials = JSON.parse(await readBody(req)) as typeof credentials;
      } catch (error) {
        if (error instanceof AppError) return fail(error.status, error.code, error.message);
        return fail(400, 'malformed_json', 'The request body is not valid JSON');
      }
      const { username, password } = credentials ?? {};
      if (typeof username !== 'string' || typeof password !== 'string' || !username) {
        return fail(400, 'validation_failed', 'username and password are required strings');
      }
      try {
        await provider.interactionDetails(req, res);
      } catch {
        return fail(
          400,
          'interaction_expired',
          'This sign-in took too long or was already used; start again',
        );
      }
      let account;
      try {
        account = await sso.identity.verify(username, password);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return fail(error.status, error.code, error.message, error.extra);
      }
      const redirectTo = await provider.interactionResult(
        req,
        res,
        await loginResult(req, res, account),
        { mergeWithLastSubmission: false },
      );
      sendJson(200, { redirectTo });
    };

    scope.post(
      `${OIDC_PREFIX}/interaction/:uid/abort`,
      { schema: { hide: true } },
      interaction(async (req, res) => {
        await sso
          .provider()
          .interactionFinished(
            req,
            res,
            { error: 'access_denied', error_description: 'The user cancelled the sign-in' },
            { mergeWithLastSubmission: false },
          );
      }),
    );
  });
}
