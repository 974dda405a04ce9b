import crypto from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { JWK } from 'oidc-provider';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import { PeriodicTimer } from '../../platform/timers/periodic-timer.ts';
import type { Policy } from '../identity/index.ts';
import { SsoClientService } from './client.service.ts';
import { unauthorized } from '../../platform/errors/app-error.ts';
import { createOidcProvider, type SsoIdentity } from './oidc-provider.ts';
import { registerSsoRoutes } from './sso.routes.ts';
import { SsoRepository } from './sso.repository.ts';
import { API_RESOURCE, WEB_CLIENT_ID, webClientMetadata, webOrigins } from './web-client.ts';

export interface SsoSettings {
  issuer: string;
  /** Origins the web app is served from besides the issuer's (ONECITY_WEB_ORIGINS). */
  webOrigins?: readonly string[];
  /** Lifetime of the web app's access tokens to our API. */
  apiTokenTtlSeconds?: number;
}

/** Deletes provider artifacts (sessions, codes, tokens) past their expiry. */
export const artifactPruning = new PeriodicTimer('sso.artifacts.prune', 3_600_000);

/**
 * Single sign-on: OneCity as the city's OpenID Connect provider. One process serves the
 * provider (oidc-provider, a Koa app mounted under Fastify), our login page and the admin API
 * for relying parties; the provider keeps its state in our database.
 */
export class SsoModule {
  private oidc: Provider | null = null;
  private apiKeys: JWTVerifyGetKey | null = null;
  readonly clients: SsoClientService;
  private readonly repository = new SsoRepository();

  private constructor(
    private readonly platform: Platform,
    private readonly settings: SsoSettings & { issuer: string },
    readonly identity: SsoIdentity,
  ) {
    this.clients = new SsoClientService(platform.db, platform.uow, this.repository, () =>
      this.provider(),
    );
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  static create(platform: Platform, settings: SsoSettings, identity: SsoIdentity) {
    const module = new SsoModule(
      platform,
      { ...settings, issuer: settings.issuer.replace(/\/$/, '') },
      identity,
    );
    const repository = module.repository;
    platform.registerTimer({
      kind: artifactPruning.kind,
      async fire(timer, ctx) {
        await repository.deleteExpired(ctx.sql, new Date());
        await artifactPruning.next(ctx, timer);
      },
    });
    return module;
  }

  provider(): Provider {
    if (!this.oidc) throw new Error('SsoModule.init() was not called');
    return this.oidc;
  }

  /** Loads (on the very first start: generates) secrets and signing keys; builds the provider. */
  async init(): Promise<void> {
    const { db, uow, timerRepository } = this.platform;
    const random = () => crypto.randomBytes(32).toString('base64url');
    const cookieKey = await this.repository.ensureSecret(db.orm, 'cookie-key', random());
    const pairwiseSalt = await this.repository.ensureSecret(db.orm, 'pairwise-salt', random());
    let keys = await this.repository.activeKeys(db.orm);
    if (keys.length === 0) {
      const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const ed = crypto.generateKeyPairSync('ed25519').privateKey;
      await this.repository.insertKeys(db.orm, [
        {
          kid: `rs-${crypto.randomBytes(6).toString('base64url')}`,
          privateJwk: rsa.export({ format: 'jwk' }),
        },
        {
          kid: `ed-${crypto.randomBytes(6).toString('base64url')}`,
          privateJwk: ed.export({ format: 'jwk' }),
        },
      ]);
      keys = await this.repository.activeKeys(db.orm);
    }
    const jwks: { keys: JWK[] } = {
      keys: keys.map((k) => ({
        ...(k.privateJwk as JWK),
        kid: k.kid,
        use: 'sig',
        alg: k.privateJwk.kty === 'RSA' ? 'RS256' : 'EdDSA',
      })),
    };
    this.oidc = createOidcProvider({
      issuer: this.issuer,
      db,
      repository: this.repository,
      identity: this.identity,
      cookieKeys: [cookieKey],
      pairwiseSalt,
      jwks,
      apiTokenTtlSeconds: this.settings.apiTokenTtlSeconds ?? 3600,
    });
    // A relying party whose back channel is down does not stop the logout; it is logged.
    this.oidc.on('backchannel.error', (_ctx, error: Error, client: { clientId: string }) => {
      this.platform.log.warn(
        { clientId: client.clientId, err: error.message },
        'back-channel logout not delivered',
      );
    });
    this.apiKeys = createLocalJWKSet({
      keys: jwks.keys.map(({ kty, crv, x, n, e, kid, alg }) =>
        Object.fromEntries(
          Object.entries({ kty, crv, x, n, e, kid, alg }).filter(([, v]) => v !== undefined),
        ),
      ),
    });
    // The web app is a client of ours like any other, defined by the configuration.
    const web = webClientMetadata(webOrigins(this.issuer, this.settings.webOrigins));
    await this.provider().Client.validate(web);
    await this.repository.upsertSystemClient(db.orm, {
      clientId: WEB_CLIENT_ID,
      name: web.client_name,
      metadata: web,
    });
    await artifactPruning.ensure(db, uow, timerRepository, new Date(Date.now() + 60_000));
  }

  /**
   * Checks an access token this provider issued for our API (the web app's): signature,
   * issuer, audience, expiry — and that its grant still exists, so a token is dead as soon
   * as its session signs out. Returns the account id.
   */
  async verifyApiToken(token: string): Promise<{ sub: string }> {
    if (!this.apiKeys) throw new Error('SsoModule.init() was not called');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.apiKeys, {
        issuer: this.issuer,
        audience: API_RESOURCE,
        typ: 'at+jwt',
        algorithms: ['EdDSA'],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthorized(
        `The access token ${expired ? 'has expired' : 'is not valid'}; log in again`,
      );
    }
    const grantId = typeof payload.gid === 'string' ? payload.gid : null;
    const grant = grantId
      ? await this.repository.findArtifact(this.platform.db.orm, 'Grant', { id: grantId })
      : undefined;
    if (!grant || (grant.expiresAt && grant.expiresAt.getTime() <= Date.now())) {
      throw unauthorized('This sign-in has ended (signed out); log in again');
    }
    if (typeof payload.sub !== 'string') throw unauthorized('The access token has no subject');
    return { sub: payload.sub };
  }

  registerRoutes(http: HttpServer, policy: Policy): void {
    registerSsoRoutes(http, { sso: this, policy });
  }
}
