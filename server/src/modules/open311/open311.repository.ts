import { asc, eq, inArray } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const apiKeys = pgTable('o311_api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  contact: text('contact').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  ratePerMinute: integer('rate_per_minute').notNull(),
  status: text('status').$type<'active' | 'revoked'>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
});

export const requests = pgTable('o311_requests', {
  caseId: uuid('case_id').primaryKey(),
  caseNumber: text('case_number').notNull(),
  token: uuid('token').notNull(),
  apiKeyId: uuid('api_key_id').notNull(),
  serviceCode: text('service_code').notNull(),
  description: text('description').notNull(),
  attributes: jsonb('attributes').$type<Record<string, string | string[]>>().notNull(),
  addressString: text('address_string'),
  mediaUrl: text('media_url'),
  accountId: text('account_id'),
  email: text('email'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  phone: text('phone'),
  deviceId: text('device_id'),
  serviceNotice: text('service_notice'),
  createdAt: ts('created_at').notNull(),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;

/** The module's two tables: API keys and the requests submitted with them. */
export class Open311Repository {
  async insertKey(tx: Sql, row: Omit<ApiKeyRow, 'revokedAt' | 'lastUsedAt'>): Promise<ApiKeyRow> {
    const [created] = await tx.insert(apiKeys).values(row).returning();
    return created as ApiKeyRow;
  }

  async listKeys(db: Sql): Promise<ApiKeyRow[]> {
    return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  }

  async findKey(db: Sql, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row;
  }

  async findKeyByHash(db: Sql, keyHash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
    return row;
  }

  async revokeKey(tx: Sql, id: string, at: Date): Promise<ApiKeyRow | undefined> {
    const [row] = await tx
      .update(apiKeys)
      .set({ status: 'revoked', revokedAt: at })
      .where(eq(apiKeys.id, id))
      .returning();
    return row;
  }

  async touchKey(db: Sql, id: string, at: Date): Promise<void> {
    await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  }

  async insertRequest(tx: Sql, row: RequestRow): Promise<void> {
    await tx.insert(requests).values(row);
  }

  async requestsFor(db: Sql, caseIds: string[]): Promise<Map<string, RequestRow>> {
    if (caseIds.length === 0) return new Map();
    const rows = await db.select().from(requests).where(inArray(requests.caseId, caseIds));
    return new Map(rows.map((r) => [r.caseId, r]));
  }

  async findByToken(db: Sql, token: string): Promise<RequestRow | undefined> {
    const [row] = await db.select().from(requests).where(eq(requests.token, token));
    return row;
  }
}
