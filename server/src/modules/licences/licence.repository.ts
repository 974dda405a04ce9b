import type { JsonWebKey } from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const signingKeys = pgTable('lic_signing_keys', {
  kid: text('kid').primaryKey(),
  generation: integer('generation').notNull(),
  privateJwk: jsonb('private_jwk').$type<JsonWebKey>().notNull(),
  publicJwk: jsonb('public_jwk').$type<JsonWebKey>().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  retiredAt: tstz('retired_at'),
});

export const licences = pgTable('lic_licences', {
  id: uuid('id').primaryKey(),
  number: text('number').notNull(),
  type: text('type').notNull(),
  typeName: text('type_name').notNull(),
  holderId: uuid('holder_id').notNull(),
  holderKind: text('holder_kind').$type<'citizen' | 'enterprise'>().notNull(),
  holderName: text('holder_name').notNull(),
  holderIdentifier: text('holder_identifier'),
  fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
  departmentId: text('department_id').notNull(),
  departmentName: text('department_name').notNull(),
  departmentRegionId: text('department_region_id').notNull(),
  districtId: text('district_id'),
  issuedAt: tstz('issued_at').notNull(),
  validFrom: tstz('valid_from').notNull(),
  validUntil: tstz('valid_until'),
  status: text('status').$type<'valid' | 'revoked'>().notNull(),
  revokedAt: tstz('revoked_at'),
  revokedBy: text('revoked_by'),
  revokeReason: text('revoke_reason'),
  applicationId: uuid('application_id'),
  taskId: uuid('task_id'),
  kid: text('kid').notNull(),
  jws: text('jws').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const uses = pgTable(
  'lic_uses',
  {
    licenceId: uuid('licence_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    applicationNumber: text('application_number').notNull(),
    materialKey: text('material_key').notNull(),
    usedAt: tstz('used_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.licenceId, t.applicationId, t.materialKey] })],
);

export type LicenceRow = typeof licences.$inferSelect;
export type NewLicence = Omit<LicenceRow, 'version' | 'createdAt'>;
export type UseRow = typeof uses.$inferSelect;

export interface LicenceFilter {
  type?: string;
  status?: 'valid' | 'revoked' | 'expired';
  departmentId?: string;
  holderId?: string;
  q?: string;
  /** Region subtrees' ids the reader may see (department regions); null: all. */
  regionIds: string[] | null;
  limit: number;
  offset: number;
}

/** The library's tables: keys, licences, uses. */
export class LicenceRepository {
  /** Stores the first key unless another node stored one already; returns the active keys. */
  async ensureKey(
    db: Sql,
    candidate: { kid: string; privateJwk: JsonWebKey; publicJwk: JsonWebKey },
  ) {
    await db
      .insert(signingKeys)
      .values({ ...candidate, generation: 1 })
      .onConflictDoNothing();
    return db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.generation));
  }

  /** The next number, taken before signing (the number is part of what is signed). */
  async nextNumber(db: Sql, prefix: string): Promise<string> {
    const result = (await db.execute(
      sql`SELECT ${prefix} || lpad(nextval('lic_licence_numbers')::text, 7, '0') AS number`,
    )) as unknown as { rows: Array<{ number: string }> };
    return result.rows[0]!.number;
  }

  async insert(db: Sql, row: NewLicence): Promise<LicenceRow | null> {
    const [saved] = await db.insert(licences).values(row).onConflictDoNothing().returning();
    return saved ?? null;
  }

  async find(db: Sql, id: string): Promise<LicenceRow | undefined> {
    const [row] = await db.select().from(licences).where(eq(licences.id, id));
    return row;
  }

  async findForTask(db: Sql, applicationId: string, taskId: string) {
    const [row] = await db
      .select()
      .from(licences)
      .where(and(eq(licences.applicationId, applicationId), eq(licences.taskId, taskId)));
    return row;
  }

  async byHolder(db: Sql, holderId: string, types?: string[]): Promise<LicenceRow[]> {
    return db
      .select()
      .from(licences)
      .where(
        and(
          eq(licences.holderId, holderId),
          types && types.length ? inArray(licences.type, types) : undefined,
        ),
      )
      .orderBy(desc(licences.issuedAt), asc(licences.number));
  }

  async list(db: Sql, filter: LicenceFilter) {
    const conditions: SQL[] = [];
    if (filter.regionIds) {
      conditions.push(
        filter.regionIds.length
          ? inArray(licences.departmentRegionId, filter.regionIds)
          : sql`false`,
      );
    }
    if (filter.type) conditions.push(eq(licences.type, filter.type));
    if (filter.departmentId) conditions.push(eq(licences.departmentId, filter.departmentId));
    if (filter.holderId) conditions.push(eq(licences.holderId, filter.holderId));
    if (filter.status === 'revoked') conditions.push(eq(licences.status, 'revoked'));
    if (filter.status === 'valid') {
      conditions.push(eq(licences.status, 'valid'));
      conditions.push(sql`(${licences.validUntil} IS NULL OR ${licences.validUntil} > now())`);
    }
    if (filter.status === 'expired') {
      conditions.push(eq(licences.status, 'valid'));
      conditions.push(sql`${licences.validUntil} <= now()`);
    }
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(or(ilike(licences.number, pattern), ilike(licences.holderName, pattern))!);
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(licences)
      .where(where);
    const items = await db
      .select()
      .from(licences)
      .where(where)
      .orderBy(desc(licences.issuedAt), desc(licences.number))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items, total: count?.n ?? 0 };
  }

  /** Marks revoked if the stored version is `version`; null when someone changed it first. */
  async revoke(
    db: Sql,
    id: string,
    version: number,
    by: string,
    reason: string,
    at: Date,
  ): Promise<LicenceRow | null> {
    const [row] = await db
      .update(licences)
      .set({
        status: 'revoked',
        revokedAt: at,
        revokedBy: by,
        revokeReason: reason,
        version: version + 1,
      })
      .where(and(eq(licences.id, id), eq(licences.version, version), eq(licences.status, 'valid')))
      .returning();
    return row ?? null;
  }

  async revoked(db: Sql) {
    return db
      .select({
        id: licences.id,
        number: licences.number,
        type: licences.type,
        revokedAt: licences.revokedAt,
        reason: licences.revokeReason,
      })
      .from(licences)
      .where(eq(licences.status, 'revoked'))
      .orderBy(asc(licences.revokedAt), asc(licences.id));
  }

  async recordUse(db: Sql, row: Omit<UseRow, 'usedAt'>): Promise<void> {
    await db.insert(uses).values(row).onConflictDoNothing();
  }

  async usesOf(db: Sql, licenceId: string): Promise<UseRow[]> {
    return db.select().from(uses).where(eq(uses.licenceId, licenceId)).orderBy(desc(uses.usedAt));
  }
}
