import crypto from 'node:crypto';
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { AccountKind, AssuranceLevel } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { acrValues, isAcr, meets, requiredAcrFor } from './acr.ts';
import { oidcAdapter } from './oidc-adapter.ts';
import { errorPage, loggedOutPage, logoutPage } from './sso-pages.ts';
import type { SsoRepository } from './sso.repository.ts';
import { API_RESOURCE, API_SCOPE } from './web-client.ts';

/** What single sign-on needs from the identity module (its service, never its tables). */
export interface SsoIdentity {
  /** The account behind a subject, or null when it is gone or disabled. */
  account(id: string): Promise<SsoAccount | null>;
  /** Checks a password (with the identity module's lockout); throws a coded error when wrong. */
  verify(username: string, password: string): Promise<SsoAccount>;
}

export interface SsoAccount {
  id: string;
  username: string;
  displayName: string;
  kind: AccountKind;
  assuranceLevel: AssuranceLevel;
}

/** Every provider endpoint lives under /oidc, except discovery at the issuer's root. */
export const OIDC_PREFIX = '/oidc';

export const oidcScopes = ['openid', 'offline_access', 'profile', 'onecity', 'api'];

export interface ProviderOptions {
  issuer: string;
  db: Database;
  repository: SsoRepository;
  identity: SsoIdentity;
  cookieKeys: string[];
  pairwiseSalt: string;
  jwks: { keys: JWK[] };
  /** Lifetime of access tokens to our API (the web app's sessions). */
  apiTokenTtlSeconds: number;
}

/** Client metadata of our own: a first-party client, and the level a relying party requires. */
export const FIRST_PARTY = 'onecity_first_party';
export const REQUIRED_ACR = 'onecity_required_acr';

interface OurClient {
  [FIRST_PARTY]?: boolean;
  [REQUIRED_ACR]?: string;
}
export const isFirstParty = (client: unknown): boolean =>
  (client as OurClient | undefined)?.[FIRST_PARTY] === true;
export const clientRequiredAcr = (client: unknown): string | undefined =>
  (client as OurClient | undefined)?.[REQUIRED_ACR];

/**
 * Builds the OpenID Connect provider (oidc-provider, OpenID Certified). Authorization code
 * with PKCE (required for every client), client credentials, refresh tokens, introspection,
 * revocation and RP-initiated logout; `acr` carries the account's assurance level and a
 * relying party that asks for a level with `acr_values` gets it or an error, never less.
 */
export function createOidcProvider(options: ProviderOptions): Provider {
  const { identity } = options;
  const policy = interactionPolicy.base();
  // A session below the level a relying party asks for must log in again (and fails then if
  // the account itself is below it).
  policy.get('login')!.checks.add(
    new interactionPolicy.Check(
      'acr_values_unmet',
      'The session does not meet the requested authentication context class',
      (ctx) => {
        const required = requiredAcrFor(
          ctx.oidc.params?.acr_values,
          clientRequiredAcr(ctx.oidc.client),
        );
        if (!ctx.oidc.session?.accountId || required === null) {
          return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        }
        return meets(ctx.oidc.session.acr, required)
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );

  const configuration: Configuration = {
    adapter: oidcAdapter(options.db, options.repository),
    jwks: options.jwks,
    cookies: { keys: options.cookieKeys },
    acrValues: [...acrValues],
    scopes: oidcScopes,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      onecity: ['account_kind', 'assurance_level'],
    },
    subjectTypes: ['public', 'pairwise'],
    extraClientMetadata: {
      properties: [FIRST_PARTY, REQUIRED_ACR],
      validator(_ctx, key, value) {
        if (key === FIRST_PARTY && value !== undefined && typeof value !== 'boolean') {
          throw new errors.InvalidClientMetadata(`${FIRST_PARTY} must be a boolean`);
        }
        if (key === REQUIRED_ACR && value !== undefined && !isAcr(value)) {
          throw new errors.InvalidClientMetadata(`${REQUIRED_ACR} must be one of ${acrValues}`);
        }
      },
    },
    // Our API's access tokens carry the grant, so the API can tell a signed-out one (the grant
    // is destroyed at logout) from a live one.
    extraTokenClaims: (_ctx, token) =>
      token.kind === 'AccessToken' && token.aud === API_RESOURCE
        ? { gid: token.grantId }
        : undefined,
    // Profile claims in the ID token too, not only from userinfo: relying parties read them there.
    conformIdTokenClaims: false,
    pairwiseIdentifier: (_ctx, accountId, client) =>
      crypto
        .createHmac('sha256', options.pairwiseSalt)
        .update(`${client.sectorIdentifier ?? client.clientId}\u0000${accountId}`)
        .digest('base64url'),
    async findAccount(_ctx, sub) {
      const account = await identity.account(sub);
      if (!account) return undefined;
      return {
        accountId: account.id,
        async claims() {
          return {
            sub: account.id,
            name: account.displayName,
            preferred_username: account.username,
            account_kind: account.kind,
            assurance_level: account.assuranceLevel,
          };
        },
      };
    },
    pkce: { required: () => true },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      code_verification: `${OIDC_PREFIX}/device`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      end_session: `${OIDC_PREFIX}/session/end`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      jwks: `${OIDC_PREFIX}/jwks`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      registration: `${OIDC_PREFIX}/reg`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      claimsParameter: { enabled: true },
      introspection: {
        enabled: true,
        // Only a confidential client may ask, about its own tokens.
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' && token.clientId === client.clientId,
      },
      // Access tokens for our own API (RFC 8707 resource indicator), as signed JWTs the API
      // verifies with our keys — for first-party clients only: a relying party logs people
      // in, it does not act as them in OneCity.
      resourceIndicators: {
        enabled: true,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource, client) => {
          if (resource !== API_RESOURCE || !isFirstParty(client)) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: API_RESOURCE,
            accessTokenTTL: options.apiTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'EdDSA' } },
          };
        },
      },
      // A client revokes only its own tokens (the provider's rule).
      revocation: { enabled: true },
      // OpenID Connect Back-Channel Logout 1.0: when a session ends, every relying party in it
      // that registered a back-channel URI is told with a signed logout token (sub + sid),
      // server to server — one logout signs a person out of the city's connected systems.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          // Our own web app's "sign out" button is the user's confirmation: with its valid
          // ID token as the hint, the page submits itself (a forged link without it still
          // asks).
          const ownApp = isFirstParty(ctx.oidc.client) && !!ctx.oidc.entities.IdTokenHint;
          if (ownApp) {
            const nonce = crypto.randomBytes(16).toString('base64');
            ctx.set(
              'content-security-policy',
              `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action 'self'`,
            );
            ctx.body = logoutPage(form, ctx.oidc.client?.clientName ?? null, {
              autoSubmitNonce: nonce,
            });
          } else {
            ctx.body = logoutPage(form, ctx.oidc.client?.clientName ?? null);
          }
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    // Relying parties are trusted once an administrator registered them: the grant covers
    // what they ask for (within their registered scope), with no consent screen.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const grantId =
        oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      const grant =
        existing ??
        new oidc.provider.Grant({
          clientId: oidc.client!.clientId,
          accountId: oidc.session!.accountId!,
        });
      const requested = [...(oidc.requestParamScopes ?? new Set<string>())];
      grant.addOIDCScope(requested.join(' '));
      const claims = Object.keys(oidc.claims?.id_token ?? {}).concat(
        Object.keys(oidc.claims?.userinfo ?? {}),
      );
      if (claims.length > 0) grant.addOIDCClaims(claims);
      // Resource servers (our API) were vetted by getResourceServerInfo: grant the scopes of
      // theirs that were asked for.
      for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
        const offered = new Set((server.scope ?? '').split(' '));
        const scopes = requested.filter((s) => offered.has(s));
        if (scopes.length > 0) grant.addResourceScope(indicator, scopes.join(' '));
      }
      await grant.save();
      return grant;
    },
    // Every client allowed the refresh_token grant gets a refresh token with its code.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * 86_400,
      Session: 8 * 3600,
      Grant: 14 * 86_400,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), out.error_description);
    },
    extraParams: ['ui_locales'],
  };
  return new Provider(options.issuer, configuration);
}
