import { desc, eq, isNull } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { JsonWebKey } from 'node:crypto';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const secrets = pgTable('citycode_secrets', {
  id: text('id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const signingKeys = pgTable('citycode_signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<JsonWebKey>().notNull(),
  publicJwk: jsonb('public_jwk').$type<JsonWebKey>().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  retiredAt: tstz('retired_at'),
});

/** The module's key material: the master secret and the Ed25519 keys of offline codes. */
export class CitycodeKeysRepository {
  /** Stores the secret unless one exists; returns the one stored (first node wins). */
  async ensureSecret(db: Sql, id: string, candidate: string): Promise<string> {
    await db.insert(secrets).values({ id, secret: candidate }).onConflictDoNothing();
    const [row] = await db.select().from(secrets).where(eq(secrets.id, id));
    return row!.secret;
  }

  /** Active keys, newest first: the newest signs, all verify. */
  async listActive(db: Sql) {
    return db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
  }

  async insertKey(
    db: Sql,
    key: { kid: string; privateJwk: JsonWebKey; publicJwk: JsonWebKey },
  ): Promise<void> {
    await db.insert(signingKeys).values(key).onConflictDoNothing();
  }
}
