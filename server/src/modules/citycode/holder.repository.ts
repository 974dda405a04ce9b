import { eq, inArray, sql } from 'drizzle-orm';
import { bigint, boolean, date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AssuranceLevel } from '../../platform/auth/actor.ts';
import type { Sql } from '../../platform/db/database.ts';
import type { FareCategory, HolderAttributes } from './scene-types.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const holders = pgTable('citycode_holders', {
  holderNo: bigint('holder_no', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  accountId: uuid('account_id').notNull().unique(),
  name: text('name'),
  birthDate: date('birth_date', { mode: 'string' }),
  assuranceLevel: text('assurance_level').$type<AssuranceLevel>().notNull(),
  insured: boolean('insured').notNull(),
  medicalInsuranceNo: text('medical_insurance_no'),
  transitAccount: text('transit_account'),
  fareCategory: text('fare_category').$type<FareCategory>().notNull(),
  healthCertificateExpires: date('health_certificate_expires', { mode: 'string' }),
  vehiclePlates: text('vehicle_plates').array().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export type HolderRow = typeof holders.$inferSelect;

export function attributesOf(row: HolderRow): HolderAttributes {
  return {
    name: row.name,
    birthDate: row.birthDate,
    assuranceLevel: row.assuranceLevel,
    insured: row.insured,
    medicalInsuranceNo: row.medicalInsuranceNo,
    transitAccount: row.transitAccount,
    fareCategory: row.fareCategory,
    healthCertificateExpires: row.healthCertificateExpires,
    vehiclePlates: row.vehiclePlates,
  };
}

/** Holders and their attributes (the city code's own copy). */
export class HolderRepository {
  async findByNo(db: Sql, holderNo: number): Promise<HolderRow | undefined> {
    const [row] = await db.select().from(holders).where(eq(holders.holderNo, holderNo));
    return row;
  }

  async findByAccount(db: Sql, accountId: string): Promise<HolderRow | undefined> {
    const [row] = await db.select().from(holders).where(eq(holders.accountId, accountId));
    return row;
  }

  /** Creates the holder on its first code; keeps the name and assurance level current. */
  async ensure(
    db: Sql,
    accountId: string,
    known: { name: string; assuranceLevel: AssuranceLevel },
  ): Promise<HolderRow> {
    const [row] = await db
      .insert(holders)
      .values({
        accountId,
        name: known.name,
        assuranceLevel: known.assuranceLevel,
        insured: false,
        fareCategory: 'standard',
        vehiclePlates: [],
      })
      .onConflictDoUpdate({
        target: holders.accountId,
        set: {
          name: sql`coalesce(${holders.name}, excluded.name)`,
          assuranceLevel: sql`excluded.assurance_level`,
          updatedAt: sql`now()`,
        },
        setWhere: sql`${holders.name} IS NULL OR ${holders.assuranceLevel} <> excluded.assurance_level`,
      })
      .returning();
    return row ?? (await this.findByAccount(db, accountId))!;
  }

  /** Replaces a holder's attributes (creating the holder when new). */
  async put(db: Sql, accountId: string, attributes: HolderAttributes): Promise<HolderRow> {
    const [row] = await db
      .insert(holders)
      .values({ accountId, ...attributes })
      .onConflictDoUpdate({
        target: holders.accountId,
        set: { ...attributes, updatedAt: sql`now()` },
      })
      .returning();
    return row!;
  }

  async importMany(
    db: Sql,
    list: Array<{ accountId: string } & HolderAttributes>,
  ): Promise<number> {
    if (list.length === 0) return 0;
    const rows = await db
      .insert(holders)
      .values(list)
      .onConflictDoNothing({ target: holders.accountId })
      .returning({ no: holders.holderNo });
    return rows.length;
  }

  async byAccounts(db: Sql, accountIds: string[]): Promise<HolderRow[]> {
    if (accountIds.length === 0) return [];
    return db.select().from(holders).where(inArray(holders.accountId, accountIds));
  }
}
