import { desc, isNull } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';
import type { Sql } from '../../platform/db/database.ts';

export const signingKeys = pgTable('identity_signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<JWK>().notNull(),
  publicJwk: jsonb('public_jwk').$type<JWK>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
});

export class SigningKeyRepository {
  /** Active keys, newest first: the newest signs, all verify. */
  async listActive(db: Sql) {
    return db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
  }

  async insert(db: Sql, key: { kid: string; privateJwk: JWK; publicJwk: JWK }): Promise<void> {
    await db.insert(signingKeys).values(key).onConflictDoNothing();
  }
}
