import crypto from 'node:crypto';
import type Provider from 'oidc-provider';
import type { JWK } from 'oidc-provider';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import { PeriodicTimer } from '../../platform/timers/periodic-timer.ts';
import type { Policy } from '../identity/index.ts';
import { SsoClientService } from './client.service.ts';
import { createOidcProvider, type SsoIdentity } from './oidc-provider.ts';
import { registerSsoRoutes } from './sso.routes.ts';
import { SsoRepository } from './sso.repository.ts';

/** Deletes provider artifacts (sessions, codes, tokens) past their expiry. */
export const artifactPruning = new PeriodicTimer('sso.artifacts.prune', 3_600_000);

/**
 * Single sign-on: OneCity as the city's OpenID Connect provider. One process serves the
 * provider (oidc-provider, a Koa app mounted under Fastify), our login page and the admin API
 * for relying parties; the provider keeps its state in our database.
 */
export class SsoModule {
  private oidc: Provider | null = null;
  readonly clients: SsoClientService;
  private readonly repository = new SsoRepository();

  private constructor(
    private readonly platform: Platform,
    readonly issuer: string,
    readonly identity: SsoIdentity,
  ) {
    this.clients = new SsoClientService(platform.db, platform.uow, this.repository, () =>
      this.provider(),
    );
  }

  static create(platform: Platform, settings: { issuer: string }, identity: SsoIdentity) {
    const module = new SsoModule(platform, settings.issuer.replace(/\/$/, ''), identity);
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
    });
    await artifactPruning.ensure(db, uow, timerRepository, new Date(Date.now() + 60_000));
  }

  registerRoutes(http: HttpServer, policy: Policy): void {
    registerSsoRoutes(http, { sso: this, policy });
  }
}
