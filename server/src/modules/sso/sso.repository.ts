import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { JsonWebKey } from 'node:crypto';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const secrets = pgTable('sso_secrets', {
  id: text('id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const signingKeys = pgTable('sso_signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<JsonWebKey>().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  retiredAt: tstz('retired_at'),
});

/** What oidc-provider reads as a client's registered metadata (snake_case, as the spec). */
export type ClientMetadata = Record<string, unknown> & {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  grant_types: string[];
};

export const clients = pgTable('sso_clients', {
  clientId: text('client_id').primaryKey(),
  name: text('name').notNull(),
  metadata: jsonb('metadata').$type<ClientMetadata>().notNull(),
  status: text('status').$type<'active' | 'disabled'>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const artifacts = pgTable(
  'sso_artifacts',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    uid: text('uid'),
    userCode: text('user_code'),
    expiresAt: tstz('expires_at'),
    consumedAt: tstz('consumed_at'),
  },
  (t) => [primaryKey({ columns: [t.model, t.id] })],
);

export type ClientRow = typeof clients.$inferSelect;
export type ArtifactRow = typeof artifacts.$inferSelect;

/** How long a node trusts its copy of a relying party (changes made elsewhere lag this much). */
const CLIENT_CACHE_MS = 10_000;

/** The SSO module's tables: its secrets and keys, relying parties, provider artifacts. */
export class SsoRepository {
  private readonly clientCache = new Map<string, { row: ClientRow | undefined; at: number }>();

  /**
   * A relying party for the provider, which looks its client up several times in every sign-in:
   * from a 10 s cache, emptied for a client this node changes.
   */
  async findClientCached(db: Sql, clientId: string, now = Date.now()) {
    const hit = this.clientCache.get(clientId);
    if (hit && now - hit.at < CLIENT_CACHE_MS) return hit.row;
    const row = await this.findClient(db, clientId);
    if (this.clientCache.size > 10_000) this.clientCache.clear();
    this.clientCache.set(clientId, { row, at: now });
    return row;
  }

  async ensureSecret(db: Sql, id: string, candidate: string): Promise<string> {
    await db.insert(secrets).values({ id, secret: candidate }).onConflictDoNothing();
    const [row] = await db.select().from(secrets).where(eq(secrets.id, id));
    return row!.secret;
  }

  async activeKeys(db: Sql) {
    return db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid));
  }

  async insertKeys(db: Sql, keys: Array<{ kid: string; privateJwk: JsonWebKey }>): Promise<void> {
    await db.insert(signingKeys).values(keys).onConflictDoNothing();
  }

  /** Drops this node's copy of a client (after a change commits). */
  forgetClient(clientId: string): void {
    this.clientCache.delete(clientId);
  }

  async findClient(db: Sql, clientId: string): Promise<ClientRow | undefined> {
    const [row] = await db.select().from(clients).where(eq(clients.clientId, clientId));
    return row;
  }

  async listClients(db: Sql): Promise<ClientRow[]> {
    return db.select().from(clients).orderBy(asc(clients.createdAt), asc(clients.clientId));
  }

  async insertClient(db: Sql, row: Omit<ClientRow, 'createdAt' | 'updatedAt'>): Promise<void> {
    this.clientCache.delete(row.clientId);
    await db.insert(clients).values(row);
  }

  /** Writes a client the platform itself defines (its metadata follows the configuration). */
  async upsertSystemClient(
    db: Sql,
    row: { clientId: string; name: string; metadata: ClientMetadata },
  ) {
    this.clientCache.delete(row.clientId);
    await db
      .insert(clients)
      .values({ ...row, status: 'active', createdBy: 'system' })
      .onConflictDoUpdate({
        target: clients.clientId,
        set: { name: row.name, metadata: row.metadata, status: 'active', updatedAt: sql`now()` },
      });
  }

  async updateClient(
    db: Sql,
    clientId: string,
    change: { name: string; metadata: ClientMetadata },
  ): Promise<ClientRow | undefined> {
    this.clientCache.delete(clientId);
    const [row] = await db
      .update(clients)
      .set({ name: change.name, metadata: change.metadata, updatedAt: sql`now()` })
      .where(eq(clients.clientId, clientId))
      .returning();
    return row;
  }

  async setClientStatus(db: Sql, clientId: string, status: 'active' | 'disabled') {
    this.clientCache.delete(clientId);
    const [row] = await db
      .update(clients)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(clients.clientId, clientId))
      .returning();
    return row;
  }

  async upsertArtifact(db: Sql, row: ArtifactRow): Promise<void> {
    await db
      .insert(artifacts)
      .values(row)
      .onConflictDoUpdate({
        target: [artifacts.model, artifacts.id],
        set: {
          payload: row.payload,
          grantId: row.grantId,
          uid: row.uid,
          userCode: row.userCode,
          expiresAt: row.expiresAt,
        },
      });
  }

  async findArtifact(
    db: Sql,
    model: string,
    by: { id?: string; uid?: string; userCode?: string },
  ): Promise<ArtifactRow | undefined> {
    const where = by.id
      ? eq(artifacts.id, by.id)
      : by.uid
        ? eq(artifacts.uid, by.uid)
        : eq(artifacts.userCode, by.userCode ?? '');
    const [row] = await db
      .select()
      .from(artifacts)
      .where(and(eq(artifacts.model, model), where))
      .limit(1);
    return row;
  }

  async consumeArtifact(db: Sql, model: string, id: string): Promise<void> {
    await db
      .update(artifacts)
      .set({ consumedAt: sql`now()` })
      .where(and(eq(artifacts.model, model), eq(artifacts.id, id)));
  }

  async destroyArtifact(db: Sql, model: string, id: string): Promise<void> {
    await db.delete(artifacts).where(and(eq(artifacts.model, model), eq(artifacts.id, id)));
  }

  async revokeGrant(db: Sql, grantId: string): Promise<void> {
    await db.delete(artifacts).where(eq(artifacts.grantId, grantId));
  }

  async deleteExpired(db: Sql, before: Date): Promise<number> {
    const rows = await db
      .delete(artifacts)
      .where(lt(artifacts.expiresAt, before))
      .returning({ id: artifacts.id });
    return rows.length;
  }
}
