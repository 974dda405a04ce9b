import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lte,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  bigserial,
  boolean,
  doublePrecision,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import {
  finalStages,
  type CasePriority,
  type CaseSource,
  type CaseStage,
  type DeadlineStage,
  type EscalationLevel,
} from './case-workflow.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const cases = pgTable('cases_cases', {
  id: uuid('id').primaryKey(),
  number: text('number').notNull(),
  source: text('source').$type<CaseSource>().notNull(),
  classId: text('class_id').notNull(),
  priority: text('priority').$type<CasePriority>().notNull(),
  description: text('description').notNull(),
  address: text('address'),
  lng: doublePrecision('lng').notNull(),
  lat: doublePrecision('lat').notNull(),
  gridId: text('grid_id').notNull(),
  streetId: text('street_id').notNull(),
  districtId: text('district_id').notNull(),
  componentId: text('component_id'),
  reporterId: text('reporter_id'),
  reporterName: text('reporter_name'),
  reporterPhone: text('reporter_phone'),
  alertId: uuid('alert_id'),
  masterCaseId: uuid('master_case_id'),
  /** Cases the reporter, shown them as possible duplicates, said this is not the same as. */
  notDuplicateOf: uuid('not_duplicate_of')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  stage: text('stage').$type<CaseStage>().notNull(),
  suspended: boolean('suspended').notNull().default(false),
  overdue: boolean('overdue').notNull().default(false),
  overdueCount: integer('overdue_count').notNull().default(0),
  supervised: boolean('supervised').notNull().default(false),
  escalationLevel: text('escalation_level').$type<EscalationLevel>().notNull().default('grid'),
  assigneeDepartmentId: text('assignee_department_id'),
  assigneeGridId: text('assignee_grid_id'),
  handlerId: text('handler_id'),
  deadlineStage: text('deadline_stage').$type<DeadlineStage>(),
  deadlineAt: ts('deadline_at'),
  warnAt: ts('warn_at'),
  remainingMinutes: doublePrecision('remaining_minutes'),
  extensionHours: doublePrecision('extension_hours'),
  extensionReason: text('extension_reason'),
  reworkCount: integer('rework_count').notNull().default(0),
  returnCount: integer('return_count').notNull().default(0),
  createdAt: ts('created_at').notNull(),
  registeredAt: ts('registered_at'),
  dispatchedAt: ts('dispatched_at'),
  reportedBackAt: ts('reported_back_at'),
  verifiedAt: ts('verified_at'),
  closedAt: ts('closed_at'),
  updatedAt: ts('updated_at').notNull(),
  version: integer('version').notNull(),
});

export const reporters = pgTable('cases_reporters', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull(),
  reporterId: text('reporter_id'),
  reporterName: text('reporter_name'),
  source: text('source').$type<CaseSource>().notNull(),
  viaCaseId: uuid('via_case_id').notNull(),
  reportedAt: ts('reported_at').notNull(),
});

const sequences = pgTable('cases_number_sequences', {
  scope: text('scope').primaryKey(),
  value: integer('value').notNull(),
});

export type CaseRow = typeof cases.$inferSelect;
export type NewCase = Omit<
  CaseRow,
  | 'suspended'
  | 'overdue'
  | 'overdueCount'
  | 'supervised'
  | 'escalationLevel'
  | 'reworkCount'
  | 'returnCount'
  | 'updatedAt'
  | 'version'
  | 'remainingMinutes'
  | 'extensionHours'
  | 'extensionReason'
  | 'warnAt'
  | 'deadlineAt'
  | 'deadlineStage'
  | 'registeredAt'
  | 'dispatchedAt'
  | 'reportedBackAt'
  | 'verifiedAt'
  | 'closedAt'
  | 'assigneeDepartmentId'
  | 'assigneeGridId'
  | 'handlerId'
  | 'masterCaseId'
> &
  Partial<Pick<CaseRow, 'registeredAt'>>;
export type CasePatch = Partial<Omit<CaseRow, 'id' | 'number' | 'version' | 'createdAt'>>;

export interface CaseFilter {
  stages?: CaseStage[];
  classId?: string;
  /** Region ids (grid, street or district) the caller may see; null: the whole city. */
  scopeRegionIds: string[] | null;
  /** A region subtree to narrow to (grid, street or district id). */
  regionId?: string;
  source?: CaseSource;
  overdue?: boolean;
  supervised?: boolean;
  suspended?: boolean;
  escalationLevel?: EscalationLevel;
  assigneeDepartmentId?: string;
  keptInGrid?: boolean;
  /** Also include cases with a pending extension request (the dispatcher's queue). */
  orExtensionPending?: boolean;
  /** Cases this account reported, merged ones included. */
  reporterId?: string;
  text?: string;
  sort?: 'newest' | 'deadline';
  limit: number;
  offset: number;
}

export interface NearbyCase {
  id: string;
  number: string;
  stage: CaseStage;
  lng: number;
  lat: number;
  description: string;
  createdAt: Date;
  /** Set by findNearbyOpen: the cases this one was declared not to duplicate. */
  notDuplicateOf?: string[];
}

export class CaseRepository {
  async insert(tx: Sql, row: NewCase): Promise<CaseRow> {
    const [created] = await tx
      .insert(cases)
      .values({ ...row, updatedAt: row.createdAt, version: 1 })
      .returning();
    return created as CaseRow;
  }

  /** Several new cases in one statement (batched intake); rows come back in input order. */
  async insertMany(tx: Sql, rows: NewCase[]): Promise<CaseRow[]> {
    if (rows.length === 0) return [];
    const created = await tx
      .insert(cases)
      .values(rows.map((row) => ({ ...row, updatedAt: row.createdAt, version: 1 })))
      .returning();
    const byId = new Map(created.map((row) => [row.id, row]));
    return rows.map((row) => byId.get(row.id) as CaseRow);
  }

  /** Inserts unless a case for the same IoT alert exists; undefined then. */
  async insertForAlert(tx: Sql, row: NewCase): Promise<CaseRow | undefined> {
    const [created] = await tx
      .insert(cases)
      .values({ ...row, updatedAt: row.createdAt, version: 1 })
      .onConflictDoNothing({ target: cases.alertId, where: sql`alert_id IS NOT NULL` })
      .returning();
    return created;
  }

  async find(db: Sql, id: string): Promise<CaseRow | undefined> {
    const [row] = await db.select().from(cases).where(eq(cases.id, id));
    return row;
  }

  async findByNumber(db: Sql, number: string): Promise<CaseRow | undefined> {
    const [row] = await db.select().from(cases).where(eq(cases.number, number));
    return row;
  }

  async findByAlert(db: Sql, alertId: string): Promise<CaseRow | undefined> {
    const [row] = await db.select().from(cases).where(eq(cases.alertId, alertId));
    return row;
  }

  /** Locks the row for a system change (timers) that is not version-checked by a client. */
  async lock(tx: Sql, id: string): Promise<CaseRow | undefined> {
    const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
    return row;
  }

  /** Writes `patch` only if the case is still at `version`; undefined when someone was faster. */
  async updateIfVersion(
    tx: Sql,
    id: string,
    version: number,
    patch: CasePatch,
  ): Promise<CaseRow | undefined> {
    const [row] = await tx
      .update(cases)
      .set({ ...patch, updatedAt: new Date(), version: sql`${cases.version} + 1` })
      .where(and(eq(cases.id, id), eq(cases.version, version)))
      .returning();
    return row;
  }

  async nextSerial(tx: Sql, scope: string): Promise<number> {
    const [row] = await tx
      .insert(sequences)
      .values({ scope, value: 1 })
      .onConflictDoUpdate({ target: sequences.scope, set: { value: sql`${sequences.value} + 1` } })
      .returning({ value: sequences.value });
    return Number(row?.value ?? 1);
  }

  /**
   * Draws `count` serials from each scope in one statement; returns the last serial drawn
   * per scope (the block is `last - count + 1 … last`). Scopes are locked in sorted order so
   * concurrent batches cannot deadlock.
   */
  async nextSerials(tx: Sql, counts: Map<string, number>): Promise<Map<string, number>> {
    const entries = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return new Map();
    const rows = await tx
      .insert(sequences)
      .values(entries.map(([scope, value]) => ({ scope, value })))
      .onConflictDoUpdate({
        target: sequences.scope,
        set: { value: sql`${sequences.value} + excluded.value` },
      })
      .returning({ scope: sequences.scope, value: sequences.value });
    return new Map(rows.map((r) => [r.scope, Number(r.value)]));
  }

  /**
   * The batched duplicate check: open cases near any of several points, one statement. Each
   * box probes the (class, lat, lng) index; `box` in the result says which point matched.
   */
  async findNearbyOpenMany(
    db: Sql,
    boxes: Array<{
      classId: string;
      box: { minLng: number; maxLng: number; minLat: number; maxLat: number };
    }>,
    since: Date,
  ): Promise<Array<NearbyCase & { box: number }>> {
    if (boxes.length === 0) return [];
    const values = sql.join(
      boxes.map(
        ({ classId, box }, i) =>
          sql`(${i}::int, ${classId}::text, ${box.minLat}::float8, ${box.maxLat}::float8, ${box.minLng}::float8, ${box.maxLng}::float8)`,
      ),
      sql`, `,
    );
    const rows = await db.execute(sql`
      SELECT b.i AS box, c.id, c.number, c.stage, c.lng, c.lat, c.description, c.created_at AS "createdAt"
        FROM (VALUES ${values}) AS b (i, class_id, min_lat, max_lat, min_lng, max_lng)
        JOIN cases_cases c
          ON c.class_id = b.class_id
         AND c.lat BETWEEN b.min_lat AND b.max_lat
         AND c.lng BETWEEN b.min_lng AND b.max_lng
       WHERE c.stage NOT IN ('closed', 'rejected', 'merged')
         AND c.created_at >= ${since}`);
    type Raw = Omit<NearbyCase, 'createdAt'> & { box: number; createdAt: Date | string };
    return (rows as unknown as { rows: Raw[] }).rows.map((r) => ({
      ...r,
      box: Number(r.box),
      createdAt: new Date(r.createdAt),
    }));
  }

  /** Open cases of a class inside a box, reported since `since` (index: class, lat, lng). */
  async findNearbyOpen(
    db: Sql,
    query: {
      classId: string;
      box: { minLng: number; maxLng: number; minLat: number; maxLat: number };
      since: Date;
      excludeId?: string;
    },
  ): Promise<NearbyCase[]> {
    const conditions = [
      eq(cases.classId, query.classId),
      gte(cases.lat, query.box.minLat),
      lte(cases.lat, query.box.maxLat),
      gte(cases.lng, query.box.minLng),
      lte(cases.lng, query.box.maxLng),
      notInArray(cases.stage, [...finalStages]),
      gte(cases.createdAt, query.since),
    ];
    if (query.excludeId) conditions.push(sql`${cases.id} <> ${query.excludeId}`);
    return db
      .select({
        id: cases.id,
        number: cases.number,
        stage: cases.stage,
        lng: cases.lng,
        lat: cases.lat,
        description: cases.description,
        createdAt: cases.createdAt,
        notDuplicateOf: cases.notDuplicateOf,
      })
      .from(cases)
      .where(and(...conditions))
      .orderBy(desc(cases.createdAt))
      .limit(50);
  }

  async list(db: Sql, filter: CaseFilter): Promise<{ rows: CaseRow[]; total: number }> {
    const where = this.where(filter);
    const order =
      filter.sort === 'deadline'
        ? [sql`${cases.deadlineAt} ASC NULLS LAST`, asc(cases.createdAt)]
        : [desc(cases.createdAt), desc(cases.id)];
    const rows = await db
      .select()
      .from(cases)
      .where(where)
      .orderBy(...order)
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(where);
    return { rows, total: count?.n ?? 0 };
  }

  private where(filter: CaseFilter): SQL | undefined {
    const conditions: SQL[] = [];
    const inRegions = (ids: string[]) => {
      const list = ids.length ? ids : [''];
      return or(
        inArray(cases.gridId, list),
        inArray(cases.streetId, list),
        inArray(cases.districtId, list),
      ) as SQL;
    };
    if (filter.scopeRegionIds) conditions.push(inRegions(filter.scopeRegionIds));
    if (filter.regionId) conditions.push(inRegions([filter.regionId]));
    if (filter.stages?.length) {
      const byStage = inArray(cases.stage, filter.stages);
      conditions.push(
        filter.orExtensionPending
          ? (or(
              byStage,
              and(
                isNotNull(cases.extensionHours),
                inArray(cases.stage, ['dispatched', 'handling']),
              ),
            ) as SQL)
          : byStage,
      );
    }
    if (filter.classId) conditions.push(eq(cases.classId, filter.classId));
    if (filter.source) conditions.push(eq(cases.source, filter.source));
    if (filter.overdue !== undefined) conditions.push(eq(cases.overdue, filter.overdue));
    if (filter.supervised !== undefined) conditions.push(eq(cases.supervised, filter.supervised));
    if (filter.suspended !== undefined) conditions.push(eq(cases.suspended, filter.suspended));
    if (filter.escalationLevel) conditions.push(eq(cases.escalationLevel, filter.escalationLevel));
    if (filter.assigneeDepartmentId) {
      conditions.push(eq(cases.assigneeDepartmentId, filter.assigneeDepartmentId));
    }
    if (filter.keptInGrid) conditions.push(isNotNull(cases.assigneeGridId));
    if (filter.reporterId) {
      conditions.push(
        sql`${cases.id} IN (SELECT ${reporters.caseId} FROM ${reporters} WHERE ${reporters.reporterId} = ${filter.reporterId})`,
      );
    }
    if (filter.text?.trim()) {
      const like = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(
        or(
          sql`${cases.number} ILIKE ${like}`,
          sql`${cases.description} ILIKE ${like}`,
          sql`coalesce(${cases.address}, '') ILIKE ${like}`,
        ) as SQL,
      );
    }
    return conditions.length ? and(...conditions) : undefined;
  }

  // ---- reporters
  async addReporter(tx: Sql, row: Omit<typeof reporters.$inferInsert, 'id'>): Promise<void> {
    await tx.insert(reporters).values(row);
  }

  async addReporters(
    tx: Sql,
    rows: Array<Omit<typeof reporters.$inferInsert, 'id'>>,
  ): Promise<void> {
    if (rows.length > 0) await tx.insert(reporters).values(rows);
  }

  /** A merge: every reporter of `fromCaseId` also becomes a reporter of `toCaseId`. */
  async copyReporters(tx: Sql, fromCaseId: string, toCaseId: string): Promise<void> {
    await tx.execute(sql`
      INSERT INTO cases_reporters (case_id, reporter_id, reporter_name, source, via_case_id, reported_at)
      SELECT ${toCaseId}, reporter_id, reporter_name, source, via_case_id, reported_at
      FROM cases_reporters WHERE case_id = ${fromCaseId}`);
  }

  async reportersOf(db: Sql, caseId: string) {
    return db
      .select({
        reporterId: reporters.reporterId,
        reporterName: reporters.reporterName,
        source: reporters.source,
        viaCaseId: reporters.viaCaseId,
        reportedAt: reporters.reportedAt,
      })
      .from(reporters)
      .where(eq(reporters.caseId, caseId))
      .orderBy(asc(reporters.reportedAt), asc(reporters.id));
  }

  async isReporter(db: Sql, caseId: string, accountId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: reporters.id })
      .from(reporters)
      .where(and(eq(reporters.caseId, caseId), eq(reporters.reporterId, accountId)))
      .limit(1);
    return row !== undefined;
  }

  /** Which of these ids are cases, with their numbers (in the order asked). */
  async numbersOf(db: Sql, ids: string[]): Promise<Array<{ id: string; number: string }>> {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ id: cases.id, number: cases.number })
      .from(cases)
      .where(inArray(cases.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r.number]));
    return ids.flatMap((id) => {
      const number = byId.get(id);
      return number === undefined ? [] : [{ id, number }];
    });
  }

  /** Cases merged into this one. */
  async mergedInto(db: Sql, masterId: string): Promise<Array<{ id: string; number: string }>> {
    return db
      .select({ id: cases.id, number: cases.number })
      .from(cases)
      .where(eq(cases.masterCaseId, masterId))
      .orderBy(asc(cases.createdAt));
  }
}
