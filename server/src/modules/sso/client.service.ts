import crypto from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { AppError, badRequest, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import { acrRank, acrValues, type Acr } from './acr.ts';
import { oidcScopes, REQUIRED_ACR } from './oidc-provider.ts';
import { ssoEvent } from './sso.events.ts';
import type { ClientMetadata, ClientRow, SsoRepository } from './sso.repository.ts';
import { WEB_CLIENT_ID } from './web-client.ts';

export const clientGrantTypes = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
] as const;
export type ClientGrantType = (typeof clientGrantTypes)[number];

export interface ClientInput {
  name: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  grantTypes?: ClientGrantType[];
  /** A public client (a browser or phone app) has no secret; PKCE protects its codes. */
  public?: boolean;
  /** Give this client its own subject for each person (unlinkable across relying parties). */
  pairwise?: boolean;
  scope?: string;
  /** The least assurance level this relying party accepts, whatever its requests ask. */
  requiredAcr?: Acr | null;
  /** Where the provider POSTs a logout token when a session it was part of ends. */
  backchannelLogoutUri?: string | null;
}

/** Back-channel logout metadata: the URI, and the session id in every logout token. */
const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The URIs among these that send codes, logouts or logout tokens in the clear: plain HTTP to
 * anything but this machine (a developer's relying party may listen on localhost). Malformed
 * ones are left to the provider's own checks, which name them.
 */
export function insecureUris(uris: readonly (string | null | undefined)[]): string[] {
  return uris.filter((uri): uri is string => {
    if (!uri) return false;
    try {
      const url = new URL(uri);
      return url.protocol === 'http:' && !loopbackHosts.includes(url.hostname);
    } catch {
      return false;
    }
  });
}

/** Refused for every way in (API, CLI, workbench): the workbench form says so before sending. */
function refuseInsecure(uris: readonly (string | null | undefined)[]): void {
  const insecure = insecureUris(uris);
  if (insecure.length > 0) {
    throw badRequest(
      'insecure_uri',
      `Relying-party URIs must use HTTPS (plain HTTP only on localhost): ${insecure.join(', ')}`,
    );
  }
}

function backchannel(uri: string | null | undefined) {
  return uri ? { backchannel_logout_uri: uri, backchannel_logout_session_required: true } : {};
}

/** What an administrator may change of a registered relying party. */
export interface ClientChange {
  name?: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  /** null: no least level any more. */
  requiredAcr?: Acr | null;
  /** null: no back-channel logout any more. */
  backchannelLogoutUri?: string | null;
}

/**
 * Relying parties, registered by an administrator. The answer to a registration carries the
 * client secret once; the provider reads clients through its adapter from the same table.
 */
export class SsoClientService {
  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: SsoRepository,
    private readonly provider: () => Provider,
  ) {}

  list(): Promise<ClientRow[]> {
    return this.repository.listClients(this.db.orm);
  }

  async get(clientId: string): Promise<ClientRow> {
    const row = await this.repository.findClient(this.db.orm, clientId);
    if (!row) throw notFound('client', clientId);
    return row;
  }

  async register(
    actor: Actor,
    input: ClientInput,
  ): Promise<{ client: ClientRow; clientSecret: string | null }> {
    const grantTypes = [...new Set(input.grantTypes ?? ['authorization_code', 'refresh_token'])];
    const interactive = grantTypes.includes('authorization_code');
    if (interactive && (input.redirectUris ?? []).length === 0) {
      throw badRequest(
        'redirect_uri_required',
        'A client that logs people in needs a redirect URI',
      );
    }
    refuseInsecure([
      ...(input.redirectUris ?? []),
      ...(input.postLogoutRedirectUris ?? []),
      input.backchannelLogoutUri,
    ]);
    if (input.public && grantTypes.includes('client_credentials')) {
      throw badRequest('invalid_client', 'A public client cannot use client credentials');
    }
    const scope = input.scope ?? 'openid profile onecity offline_access api';
    const unknown = scope.split(' ').filter((s) => !oidcScopes.includes(s));
    if (unknown.length > 0) {
      throw badRequest('invalid_scope', `Unknown scopes: ${unknown.join(', ')}`);
    }
    const clientId = `rp-${crypto.randomBytes(9).toString('base64url')}`;
    const clientSecret = input.public ? null : crypto.randomBytes(32).toString('base64url');
    const metadata: ClientMetadata = {
      client_id: clientId,
      client_name: input.name,
      redirect_uris: input.redirectUris ?? [],
      post_logout_redirect_uris: input.postLogoutRedirectUris ?? [],
      grant_types: grantTypes,
      response_types: interactive ? ['code'] : [],
      token_endpoint_auth_method: input.public ? 'none' : 'client_secret_basic',
      subject_type: input.pairwise ? 'pairwise' : 'public',
      scope,
      // Every acceptable level: the ID token then always tells which it was.
      default_acr_values: acrValues.filter(
        (level) => !input.requiredAcr || acrRank(level) >= acrRank(input.requiredAcr),
      ),
      ...(input.requiredAcr ? { [REQUIRED_ACR]: input.requiredAcr } : {}),
      ...backchannel(input.backchannelLogoutUri),
      ...(clientSecret ? { client_secret: clientSecret } : {}),
    };
    await this.validate(metadata);
    await this.uow.run(async (ctx) => {
      await this.repository.insertClient(ctx.sql, {
        clientId,
        name: input.name,
        metadata,
        status: 'active',
        createdBy: actor.id,
      });
      await ctx.emit(
        ssoEvent(
          'sso.client.registered',
          { clientId, name: input.name, grantTypes, at: new Date().toISOString() },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'sso.client.register',
        target: { type: 'sso-client', id: clientId },
        details: {
          name: input.name,
          grantTypes,
          redirectUris: metadata.redirect_uris,
          pairwise: !!input.pairwise,
        },
      });
    });
    return { client: await this.get(clientId), clientSecret };
  }

  /**
   * Changes a relying party's name, redirect URIs or least assurance level. The provider's
   * rules apply as at registration (a client that logs people in keeps a redirect URI); the
   * provider sees the change at once on this node and within its 10 s cache on the others.
   */
  async update(actor: Actor, clientId: string, change: ClientChange): Promise<ClientRow> {
    this.refuseFirstParty(clientId, 'changed');
    // Only what changes: a relying party registered before this rule keeps its URIs.
    refuseInsecure([
      ...(change.redirectUris ?? []),
      ...(change.postLogoutRedirectUris ?? []),
      change.backchannelLogoutUri,
    ]);
    const current = await this.get(clientId);
    const metadata: ClientMetadata = { ...current.metadata };
    if (change.redirectUris) metadata.redirect_uris = change.redirectUris;
    if (change.postLogoutRedirectUris) {
      metadata.post_logout_redirect_uris = change.postLogoutRedirectUris;
    }
    if (change.requiredAcr !== undefined) {
      const least = change.requiredAcr;
      metadata.default_acr_values = acrValues.filter(
        (level) => !least || acrRank(level) >= acrRank(least),
      );
      if (least) metadata[REQUIRED_ACR] = least;
      else delete metadata[REQUIRED_ACR];
    }
    if (change.backchannelLogoutUri !== undefined) {
      delete metadata.backchannel_logout_uri;
      delete metadata.backchannel_logout_session_required;
      Object.assign(metadata, backchannel(change.backchannelLogoutUri));
    }
    if (
      (metadata.grant_types as string[]).includes('authorization_code') &&
      metadata.redirect_uris.length === 0
    ) {
      throw badRequest(
        'redirect_uri_required',
        'A client that logs people in needs a redirect URI',
      );
    }
    await this.validate(metadata);
    const name = change.name ?? current.name;
    const changed = Object.keys(change).filter(
      (key) => change[key as keyof ClientChange] !== undefined,
    );
    return this.write(actor, clientId, 'sso.client.update', { changed }, (sql) =>
      this.repository.updateClient(sql, clientId, { name, metadata }),
    );
  }

  /** A new client secret, shown once; the old one stops working at once. */
  async rotateSecret(
    actor: Actor,
    clientId: string,
  ): Promise<{ client: ClientRow; clientSecret: string }> {
    this.refuseFirstParty(clientId, 'given a secret');
    const current = await this.get(clientId);
    if (current.metadata.token_endpoint_auth_method === 'none') {
      throw new AppError('client_public', 409, `Client ${clientId} is public: it has no secret`);
    }
    const clientSecret = crypto.randomBytes(32).toString('base64url');
    const metadata: ClientMetadata = { ...current.metadata, client_secret: clientSecret };
    const client = await this.write(
      actor,
      clientId,
      'sso.client.rotate-secret',
      { changed: ['clientSecret'] },
      (sql) => this.repository.updateClient(sql, clientId, { name: current.name, metadata }),
    );
    return { client, clientSecret };
  }

  private refuseFirstParty(clientId: string, what: string): void {
    if (clientId === WEB_CLIENT_ID) {
      throw new AppError(
        'client_protected',
        409,
        `OneCity’s own web app is defined by the configuration; it cannot be ${what} here`,
      );
    }
  }

  private async validate(metadata: ClientMetadata): Promise<void> {
    try {
      await this.provider().Client.validate(metadata);
    } catch (error) {
      const e = error as { error_description?: string; message: string };
      throw badRequest('invalid_client_metadata', e.error_description ?? e.message);
    }
  }

  /** One change in a transaction, with its event and audit line. */
  private async write(
    actor: Actor,
    clientId: string,
    action: string,
    details: Record<string, unknown>,
    change: (sql: Sql) => Promise<ClientRow | undefined>,
  ): Promise<ClientRow> {
    const row = await this.uow.run(async (ctx) => {
      const updated = await change(ctx.sql);
      if (!updated) throw notFound('client', clientId);
      await ctx.emit(
        ssoEvent(
          'sso.client.updated',
          { clientId, ...details, at: new Date().toISOString() },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action,
        target: { type: 'sso-client', id: clientId },
        details,
      });
      return updated;
    });
    // A find between the update and its commit may have cached the old row again.
    this.repository.forgetClient(clientId);
    return row;
  }

  async setStatus(actor: Actor, clientId: string, status: 'active' | 'disabled') {
    if (clientId === WEB_CLIENT_ID) {
      throw new AppError(
        'client_protected',
        409,
        'OneCity’s own web app signs everyone in through this client; it cannot be disabled',
      );
    }
    return this.write(actor, clientId, 'sso.client.update', { status }, (sql) =>
      this.repository.setClientStatus(sql, clientId, status),
    );
  }
}
