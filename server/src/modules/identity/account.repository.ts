import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  AccountKind,
  AssuranceLevel,
  RoleGrant,
  StaffRole,
} from '../../platform/auth/actor.ts';
import type { Sql } from '../../platform/db/database.ts';

export const accounts = pgTable('identity_accounts', {
  id: uuid('id').primaryKey(),
  kind: text('kind').$type<AccountKind>().notNull(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  idNumber: text('id_number'),
  phone: text('phone'),
  creditCode: text('credit_code'),
  departmentId: text('department_id'),
  assuranceLevel: text('assurance_level').$type<AssuranceLevel>().notNull(),
  status: text('status').$type<'active' | 'disabled'>().notNull(),
  failedLogins: integer('failed_logins').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const roleGrants = pgTable(
  'identity_role_grants',
  {
    accountId: uuid('account_id').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    regionId: text('region_id').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.role, t.regionId] })],
);

export type AccountRow = typeof accounts.$inferSelect;

export interface NewAccount {
  id?: string;
  kind: AccountKind;
  username: string;
  displayName: string;
  passwordHash: string;
  idNumber?: string | null;
  phone?: string | null;
  creditCode?: string | null;
  departmentId?: string | null;
  assuranceLevel?: AssuranceLevel;
  grants?: RoleGrant[];
}

export interface AccountFilter {
  kind?: AccountKind;
  q?: string;
  /** Only staff with a grant inside one of these region id sets; null means no restriction. */
  regionIds: string[] | null;
  limit: number;
  offset: number;
}

export class AccountRepository {
  async findByUsername(db: Sql, username: string): Promise<AccountRow | undefined> {
    const [row] = await db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.username}) = lower(${username})`);
    return row;
  }

  async findById(db: Sql, id: string): Promise<AccountRow | undefined> {
    const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
    return row;
  }

  async grantsOf(db: Sql, accountIds: string[]): Promise<Map<string, RoleGrant[]>> {
    const out = new Map<string, RoleGrant[]>();
    if (accountIds.length === 0) return out;
    const rows = await db
      .select({
        accountId: roleGrants.accountId,
        role: roleGrants.role,
        regionId: roleGrants.regionId,
      })
      .from(roleGrants)
      .where(inArray(roleGrants.accountId, accountIds))
      .orderBy(asc(roleGrants.regionId), asc(roleGrants.role));
    for (const row of rows) {
      const list = out.get(row.accountId) ?? [];
      list.push({ role: row.role, regionId: row.regionId });
      out.set(row.accountId, list);
    }
    return out;
  }

  /** Inserts accounts and their grants; existing usernames are skipped (idempotent seeding). */
  async insertMany(tx: Sql, list: NewAccount[], grantedBy: string): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list
        .slice(i, i + 500)
        .map((account) => ({ ...account, id: account.id ?? crypto.randomUUID() }));
      const rows = await tx
        .insert(accounts)
        .values(
          chunk.map((account) => ({
            id: account.id,
            kind: account.kind,
            username: account.username,
            displayName: account.displayName,
            passwordHash: account.passwordHash,
            idNumber: account.idNumber ?? null,
            phone: account.phone ?? null,
            creditCode: account.creditCode ?? null,
            departmentId: account.departmentId ?? null,
            assuranceLevel: account.assuranceLevel ?? 'basic',
            status: 'active' as const,
            failedLogins: 0,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      inserted += rows.length;
      const created = new Set(rows.map((row) => row.id));
      const grants = chunk
        .filter((account) => created.has(account.id))
        .flatMap((account) =>
          (account.grants ?? []).map((grant) => ({ accountId: account.id, ...grant, grantedBy })),
        );
      for (let g = 0; g < grants.length; g += 1000) {
        await tx
          .insert(roleGrants)
          .values(grants.slice(g, g + 1000))
          .onConflictDoNothing();
      }
    }
    return inserted;
  }

  async addGrant(
    tx: Sql,
    accountId: string,
    grant: RoleGrant,
    grantedBy: string,
  ): Promise<boolean> {
    const rows = await tx
      .insert(roleGrants)
      .values({ accountId, ...grant, grantedBy })
      .onConflictDoNothing()
      .returning({ role: roleGrants.role });
    return rows.length > 0;
  }

  async removeGrant(tx: Sql, accountId: string, grant: RoleGrant): Promise<boolean> {
    const rows = await tx
      .delete(roleGrants)
      .where(
        and(
          eq(roleGrants.accountId, accountId),
          eq(roleGrants.role, grant.role),
          eq(roleGrants.regionId, grant.regionId),
        ),
      )
      .returning({ role: roleGrants.role });
    return rows.length > 0;
  }

  async recordLoginFailure(db: Sql, id: string, lockAfter: number, lockForSeconds: number) {
    await db
      .update(accounts)
      .set({
        failedLogins: sql`${accounts.failedLogins} + 1`,
        lockedUntil: sql`CASE WHEN ${accounts.failedLogins} + 1 >= ${lockAfter}
          THEN now() + make_interval(secs => ${lockForSeconds}) ELSE ${accounts.lockedUntil} END`,
      })
      .where(eq(accounts.id, id));
  }

  async recordLoginSuccess(db: Sql, id: string): Promise<void> {
    await db
      .update(accounts)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(accounts.id, id));
  }

  async list(db: Sql, filter: AccountFilter): Promise<{ rows: AccountRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.kind) conditions.push(eq(accounts.kind, filter.kind));
    if (filter.q) {
      const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const match = or(
        sql`${accounts.username} ILIKE ${like}`,
        sql`${accounts.displayName} ILIKE ${like}`,
      );
      if (match) conditions.push(match);
    }
    if (filter.regionIds) {
      conditions.push(
        sql`${accounts.id} IN (SELECT ${roleGrants.accountId} FROM ${roleGrants} WHERE ${inArray(roleGrants.regionId, filter.regionIds.length ? filter.regionIds : [''])})`,
      );
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await db
      .select()
      .from(accounts)
      .where(where)
      .orderBy(asc(accounts.username))
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(accounts)
      .where(where);
    return { rows, total: count?.n ?? 0 };
  }
}
