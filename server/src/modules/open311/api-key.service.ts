import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import { Open311Error } from './open311-error.ts';
import { open311Event } from './open311.events.ts';
import type { ApiKeyRow, Open311Repository } from './open311.repository.ts';
import { RateLimiter } from './rate-limiter.ts';

/** How long a node trusts what it read about a key (a revocation on another node). */
const CACHE_MS = 10_000;
/** last_used_at is written at most this often per key: not one UPDATE per request. */
const TOUCH_MS = 60_000;

export interface KeyInput {
  name: string;
  contact: string;
  ratePerMinute?: number;
}

export const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');

/**
 * API keys of third parties: issued by an administrator (shown once, stored as SHA-256),
 * listed, revoked. Every Open311 call with a key is checked here and rate limited per key;
 * calls without one (reads) per client address.
 */
export class ApiKeyService {
  private readonly cache = new Map<string, { key: ApiKeyRow | null; at: number }>();
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: Open311Repository,
    private readonly defaults: { ratePerMinute: number },
  ) {}

  async create(actor: Actor, input: KeyInput): Promise<{ key: ApiKeyRow; apiKey: string }> {
    const apiKey = `o311_${crypto.randomBytes(24).toString('base64url')}`;
    const key = await this.uow.run(async (ctx) => {
      const row = await this.repository.insertKey(ctx.sql, {
        id: crypto.randomUUID(),
        name: input.name.trim(),
        contact: input.contact.trim(),
        keyPrefix: apiKey.slice(0, 10),
        keyHash: hashKey(apiKey),
        ratePerMinute: input.ratePerMinute ?? this.defaults.ratePerMinute,
        status: 'active',
        createdBy: actor.id,
        createdAt: new Date(),
      });
      await ctx.emit(
        open311Event(
          'open311.key.issued',
          {
            keyId: row.id,
            name: row.name,
            ratePerMinute: row.ratePerMinute,
            at: row.createdAt.toISOString(),
          },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'open311.key.issue',
        target: { type: 'open311-key', id: row.id },
        details: { name: row.name, contact: row.contact, ratePerMinute: row.ratePerMinute },
      });
      return row;
    });
    return { key, apiKey };
  }

  list(): Promise<ApiKeyRow[]> {
    return this.repository.listKeys(this.db.orm);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyRow> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw notFound('open311 key', id);
    }
    const key = await this.uow.run(async (ctx) => {
      const found = await this.repository.findKey(ctx.sql, id);
      if (!found) throw notFound('open311 key', id);
      if (found.status === 'revoked') return found;
      const row = (await this.repository.revokeKey(ctx.sql, id, new Date())) as ApiKeyRow;
      await ctx.emit(
        open311Event(
          'open311.key.revoked',
          { keyId: id, name: row.name, at: (row.revokedAt as Date).toISOString() },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'open311.key.revoke',
        target: { type: 'open311-key', id },
        details: { name: row.name },
      });
      return row;
    });
    this.cache.clear();
    return key;
  }

  /** The active key behind `apiKey`: 403 when missing, unknown or revoked; 429 over its rate. */
  async authenticate(apiKey: string | undefined, now = Date.now()): Promise<ApiKeyRow> {
    if (!apiKey) throw new Open311Error(403, 'api_key is required to submit a service request');
    const hash = hashKey(apiKey);
    let entry = this.cache.get(hash);
    if (!entry || now - entry.at > CACHE_MS) {
      const key = (await this.repository.findKeyByHash(this.db.orm, hash)) ?? null;
      if (this.cache.size > 10_000) this.cache.clear();
      entry = { key, at: now };
      this.cache.set(hash, entry);
    }
    const key = entry.key;
    if (!key) throw new Open311Error(403, 'api_key is not valid');
    if (key.status !== 'active') throw new Open311Error(403, 'api_key has been revoked');
    this.limit(`key:${key.id}`, key.ratePerMinute, now);
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > TOUCH_MS) {
      key.lastUsedAt = new Date(now);
      await this.repository.touchKey(this.db.orm, key.id, key.lastUsedAt);
    }
    return key;
  }

  /** Calls without a key (reads) share the default rate per client address. */
  limitAnonymous(address: string, now = Date.now()): void {
    this.limit(`ip:${address}`, this.defaults.ratePerMinute, now);
  }

  private limit(bucket: string, perMinute: number, now: number): void {
    const wait = this.limiter.take(bucket, perMinute, now);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new Open311Error(
        429,
        `Rate limit of ${perMinute} requests a minute reached; retry in ${seconds} s`,
        seconds,
      );
    }
  }
}
