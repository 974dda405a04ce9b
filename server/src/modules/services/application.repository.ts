import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { ApplicationStatus, TaskKind, TaskStatus } from './application-workflow.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const applications = pgTable('svc_applications', {
  id: uuid('id').primaryKey(),
  number: text('number').notNull(),
  applicantId: uuid('applicant_id').notNull(),
  applicantKind: text('applicant_kind').$type<'citizen' | 'enterprise'>().notNull(),
  applicantName: text('applicant_name').notNull(),
  applicantIdentifier: text('applicant_identifier'),
  applicantPhone: text('applicant_phone'),
  targetKind: text('target_kind').$type<'item' | 'bundle'>().notNull(),
  targetId: text('target_id').notNull(),
  targetName: text('target_name').notNull(),
  districtId: text('district_id'),
  leadDepartmentId: text('lead_department_id'),
  status: text('status').$type<ApplicationStatus>().notNull(),
  form: jsonb('form').$type<Record<string, unknown>>().notNull(),
  idempotencyKey: text('idempotency_key'),
  requestHash: text('request_hash'),
  statutoryDays: integer('statutory_days').notNull(),
  promisedDays: integer('promised_days').notNull(),
  promisedBy: tstz('promised_by'),
  supplement: jsonb('supplement').$type<{ reason: string; items: string[] } | null>(),
  outcomeReason: text('outcome_reason'),
  version: integer('version').notNull(),
  submittedAt: tstz('submitted_at'),
  acceptedAt: tstz('accepted_at'),
  decidedAt: tstz('decided_at'),
  deliveredAt: tstz('delivered_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const applicationMaterials = pgTable(
  'svc_application_materials',
  {
    applicationId: uuid('application_id').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    source: text('source').$type<'upload' | 'licence' | 'dataset'>().notNull(),
    uploadId: uuid('upload_id'),
    licenceId: uuid('licence_id'),
    licenceNumber: text('licence_number'),
    consentedAt: tstz('consented_at'),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.key] })],
);

export const tasks = pgTable('svc_tasks', {
  id: uuid('id').primaryKey(),
  applicationId: uuid('application_id').notNull(),
  kind: text('kind').$type<TaskKind>().notNull(),
  position: integer('position').notNull().default(0),
  itemId: text('item_id'),
  name: text('name').notNull(),
  departmentId: text('department_id').notNull(),
  departmentRegionId: text('department_region_id').notNull(),
  status: text('status').$type<TaskStatus>().notNull(),
  dependsOn: text('depends_on').array().notNull(),
  form: jsonb('form').$type<Record<string, unknown>>().notNull(),
  materialKeys: text('material_keys').array().notNull(),
  statutoryDays: integer('statutory_days').notNull(),
  promisedDays: integer('promised_days').notNull(),
  openedAt: tstz('opened_at'),
  deadlineAt: tstz('deadline_at'),
  deadlineNear: boolean('deadline_near').notNull().default(false),
  overdue: boolean('overdue').notNull().default(false),
  reviewerId: uuid('reviewer_id'),
  reviewerName: text('reviewer_name'),
  decisionReason: text('decision_reason'),
  decidedAt: tstz('decided_at'),
  licenceType: text('licence_type'),
  licenceId: uuid('licence_id'),
  licenceNumber: text('licence_number'),
  version: integer('version').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const timeline = pgTable('svc_timeline', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  applicationId: uuid('application_id').notNull(),
  taskId: uuid('task_id'),
  at: tstz('at').notNull().defaultNow(),
  action: text('action').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  departmentId: text('department_id'),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  note: text('note'),
});

export type ApplicationRow = typeof applications.$inferSelect;
export type NewApplication = Omit<
  typeof applications.$inferInsert,
  'version' | 'createdAt' | 'updatedAt' | 'number'
>;
export type MaterialRow = typeof applicationMaterials.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type NewTask = Omit<
  typeof tasks.$inferInsert,
  'version' | 'createdAt' | 'updatedAt' | 'deadlineNear' | 'overdue'
>;
export type TimelineRow = typeof timeline.$inferSelect;
export type NewTimelineEntry = Omit<typeof timeline.$inferInsert, 'id'>;

export interface QueueFilter {
  departmentId: string;
  statuses: TaskStatus[];
  kind?: TaskKind;
  overdue?: boolean;
  limit: number;
  offset: number;
}

/** Applications, their materials, department tasks and timeline. */
export class ApplicationRepository {
  /** Inserts unless the applicant used the idempotency key before; null then. */
  async insert(db: Sql, row: NewApplication, numberPrefix: string): Promise<ApplicationRow | null> {
    const inserted = await db
      .insert(applications)
      .values({
        ...row,
        number: sql`${numberPrefix} || lpad(nextval('svc_application_numbers')::text, 6, '0')`,
        version: 1,
      })
      .onConflictDoNothing()
      .returning();
    return inserted[0] ?? null;
  }

  async find(db: Sql, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const query = db.select().from(applications).where(eq(applications.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  async findByIdempotencyKey(db: Sql, applicantId: string, key: string) {
    const [row] = await db
      .select()
      .from(applications)
      .where(and(eq(applications.applicantId, applicantId), eq(applications.idempotencyKey, key)));
    return row;
  }

  /** Writes the changes if the stored version is `version`; returns the new row or null. */
  async updateIfVersion(
    db: Sql,
    id: string,
    version: number,
    changes: Partial<Omit<ApplicationRow, 'id' | 'version'>>,
  ): Promise<ApplicationRow | null> {
    const [row] = await db
      .update(applications)
      .set({ ...changes, version: version + 1, updatedAt: new Date() })
      .where(and(eq(applications.id, id), eq(applications.version, version)))
      .returning();
    return row ?? null;
  }

  async listByApplicant(
    db: Sql,
    applicantId: string,
    limit: number,
    offset: number,
    status?: ApplicationStatus,
  ) {
    const where = and(
      eq(applications.applicantId, applicantId),
      status ? eq(applications.status, status) : undefined,
    );
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(applications)
      .where(where);
    const rows = await db
      .select()
      .from(applications)
      .where(where)
      .orderBy(desc(applications.createdAt), desc(applications.id))
      .limit(limit)
      .offset(offset);
    return { items: rows, total: count?.n ?? 0 };
  }

  async replaceMaterials(db: Sql, applicationId: string, rows: MaterialRow[]): Promise<void> {
    await db
      .delete(applicationMaterials)
      .where(eq(applicationMaterials.applicationId, applicationId));
    if (rows.length > 0) await db.insert(applicationMaterials).values(rows);
  }

  async materialsOf(db: Sql, applicationId: string): Promise<MaterialRow[]> {
    return db
      .select()
      .from(applicationMaterials)
      .where(eq(applicationMaterials.applicationId, applicationId))
      .orderBy(asc(applicationMaterials.key));
  }

  async insertTasks(db: Sql, rows: NewTask[]): Promise<void> {
    if (rows.length === 0) return;
    await db.insert(tasks).values(rows.map((r) => ({ ...r, version: 1 })));
  }

  async tasksOf(db: Sql, applicationId: string): Promise<TaskRow[]> {
    return db
      .select()
      .from(tasks)
      .where(eq(tasks.applicationId, applicationId))
      .orderBy(asc(tasks.createdAt), asc(tasks.position), asc(tasks.id));
  }

  async tasksOfMany(db: Sql, applicationIds: string[]): Promise<TaskRow[]> {
    if (applicationIds.length === 0) return [];
    return db.select().from(tasks).where(inArray(tasks.applicationId, applicationIds));
  }

  async findTask(db: Sql, id: string): Promise<TaskRow | undefined> {
    const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
    return row;
  }

  async updateTaskIfVersion(
    db: Sql,
    id: string,
    version: number,
    changes: Partial<Omit<TaskRow, 'id' | 'version'>>,
  ): Promise<TaskRow | null> {
    const [row] = await db
      .update(tasks)
      .set({ ...changes, version: version + 1, updatedAt: new Date() })
      .where(and(eq(tasks.id, id), eq(tasks.version, version)))
      .returning();
    return row ?? null;
  }

  /**
   * Deadline flags and licence links, set by timers and consumers: they do not bump the
   * version, so a reviewer deciding at the same moment is not refused for it.
   */
  async setTaskFlags(
    db: Sql,
    id: string,
    changes: Partial<Pick<TaskRow, 'deadlineNear' | 'overdue' | 'licenceId' | 'licenceNumber'>>,
  ): Promise<TaskRow | null> {
    const [row] = await db
      .update(tasks)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(tasks.id, id))
      .returning();
    return row ?? null;
  }

  /** A department's queue, the most urgent first. */
  async queue(db: Sql, filter: QueueFilter) {
    const conditions: SQL[] = [
      eq(tasks.departmentId, filter.departmentId),
      inArray(tasks.status, filter.statuses),
    ];
    if (filter.kind) conditions.push(eq(tasks.kind, filter.kind));
    if (filter.overdue !== undefined) conditions.push(eq(tasks.overdue, filter.overdue));
    const where = and(...conditions);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(where);
    const rows = await db
      .select({ task: tasks, application: applications })
      .from(tasks)
      .innerJoin(applications, eq(applications.id, tasks.applicationId))
      .where(where)
      .orderBy(sql`${tasks.deadlineAt} ASC NULLS LAST`, asc(tasks.createdAt))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items: rows, total: count?.n ?? 0 };
  }

  async appendTimeline(db: Sql, entries: NewTimelineEntry[]): Promise<void> {
    if (entries.length > 0) await db.insert(timeline).values(entries);
  }

  async timelineOf(db: Sql, applicationId: string): Promise<TimelineRow[]> {
    return db
      .select()
      .from(timeline)
      .where(eq(timeline.applicationId, applicationId))
      .orderBy(asc(timeline.id));
  }

  /** Decided review tasks in a period (metrics: handling days against statutory days). */
  async decidedTasks(db: Sql, from: Date, to: Date) {
    return db
      .select({
        departmentId: tasks.departmentId,
        itemId: tasks.itemId,
        status: tasks.status,
        openedAt: tasks.openedAt,
        decidedAt: tasks.decidedAt,
        statutoryDays: tasks.statutoryDays,
        promisedDays: tasks.promisedDays,
        overdue: tasks.overdue,
      })
      .from(tasks)
      .where(
        and(
          eq(tasks.kind, 'review'),
          isNotNull(tasks.decidedAt),
          gte(tasks.decidedAt, from),
          lt(tasks.decidedAt, to),
        ),
      );
  }

  /** Decided applications in a period (metrics). */
  async decidedApplications(db: Sql, from: Date, to: Date) {
    return db
      .select({
        acceptedAt: applications.acceptedAt,
        decidedAt: applications.decidedAt,
        statutoryDays: applications.statutoryDays,
        promisedDays: applications.promisedDays,
        status: applications.status,
      })
      .from(applications)
      .where(
        and(
          isNotNull(applications.decidedAt),
          isNotNull(applications.acceptedAt),
          gte(applications.decidedAt, from),
          lt(applications.decidedAt, to),
        ),
      );
  }

  /** Applications submitted per period and lead department (metrics). */
  async submittedPerPeriod(db: Sql, from: Date, to: Date, period: 'day' | 'week' | 'month') {
    const result = await db.execute(sql`
      SELECT to_char(date_trunc(${period}, submitted_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS period,
             coalesce(lead_department_id, '') AS department_id,
             count(*)::int AS n
      FROM svc_applications
      WHERE submitted_at >= ${from} AND submitted_at < ${to}
      GROUP BY 1, 2
      ORDER BY 1, 2`);
    return (
      result as unknown as { rows: Array<{ period: string; department_id: string; n: number }> }
    ).rows;
  }
}
