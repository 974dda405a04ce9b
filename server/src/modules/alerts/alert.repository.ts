import { and, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { Condition, RuleState } from './rule-condition.ts';

export type Severity = 'critical' | 'major' | 'minor' | 'warning' | 'info';
export type AlertStatus = 'active' | 'acknowledged' | 'cleared' | 'closed';

export const rules = pgTable('alerts_rules', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  severity: text('severity').$type<Severity>().notNull(),
  productId: text('product_id'),
  deviceId: uuid('device_id'),
  tag: text('tag'),
  regionId: text('region_id'),
  condition: jsonb('condition').$type<Condition>().notNull(),
  stormThreshold: integer('storm_threshold').notNull(),
  stormWindowSeconds: integer('storm_window_seconds').notNull(),
  enabled: boolean('enabled').notNull(),
  version: integer('version').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const ruleStates = pgTable(
  'alerts_rule_states',
  {
    ruleId: uuid('rule_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    state: jsonb('state').$type<RuleState>().notNull(),
    openAlertId: uuid('open_alert_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.deviceId] })],
);

export const incidents = pgTable('alerts_incidents', {
  id: uuid('id').primaryKey(),
  ruleId: uuid('rule_id').notNull(),
  title: text('title').notNull(),
  severity: text('severity').$type<Severity>().notNull(),
  streetId: text('street_id').notNull(),
  districtId: text('district_id'),
  status: text('status').$type<'open' | 'closed'>().notNull(),
  alertCount: integer('alert_count').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
});

export const alerts = pgTable('alerts_alerts', {
  id: uuid('id').primaryKey(),
  ruleId: uuid('rule_id').notNull(),
  ruleName: text('rule_name').notNull(),
  severity: text('severity').$type<Severity>().notNull(),
  deviceId: uuid('device_id').notNull(),
  deviceName: text('device_name').notNull(),
  productId: text('product_id').notNull(),
  gridId: text('grid_id'),
  streetId: text('street_id'),
  districtId: text('district_id'),
  /** The department that owns the device (iot's registry), copied when the alert is raised. */
  departmentId: text('department_id'),
  lng: doublePrecision('lng'),
  lat: doublePrecision('lat'),
  status: text('status').$type<AlertStatus>().notNull(),
  reason: text('reason').notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date' }).notNull(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
  acknowledgedBy: text('acknowledged_by'),
  clearedAt: timestamp('cleared_at', { withTimezone: true, mode: 'date' }),
  clearedBy: text('cleared_by'),
  closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  closedBy: text('closed_by'),
  note: text('note'),
  incidentId: uuid('incident_id'),
  version: integer('version').notNull(),
});

export type RuleRow = typeof rules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type StateRow = typeof ruleStates.$inferSelect;

export interface AlertFilter {
  status?: AlertStatus[];
  severity?: Severity;
  deviceId?: string;
  ruleId?: string;
  incidentId?: string;
  /** The department owning the alert's device. */
  departmentId?: string;
  /** Region ids the caller may see (grid/street/district ids); null = the whole city. */
  regionIds: string[] | null;
  limit: number;
  offset: number;
}

export class AlertRepository {
  // ---- rules
  async insertRule(
    tx: Sql,
    row: Omit<RuleRow, 'createdAt' | 'updatedAt' | 'version'>,
  ): Promise<RuleRow> {
    const [created] = await tx
      .insert(rules)
      .values({ ...row, version: 1 })
      .returning();
    return created as RuleRow;
  }

  async updateRule(
    tx: Sql,
    id: string,
    version: number,
    patch: Partial<RuleRow>,
  ): Promise<RuleRow | undefined> {
    const [updated] = await tx
      .update(rules)
      .set({ ...patch, version: sql`${rules.version} + 1`, updatedAt: new Date() })
      .where(and(eq(rules.id, id), eq(rules.version, version)))
      .returning();
    return updated;
  }

  async deleteRule(tx: Sql, id: string): Promise<boolean> {
    return (await tx.delete(rules).where(eq(rules.id, id)).returning({ id: rules.id })).length > 0;
  }

  async findRule(db: Sql, id: string): Promise<RuleRow | undefined> {
    const [row] = await db.select().from(rules).where(eq(rules.id, id));
    return row;
  }

  async listRules(db: Sql): Promise<RuleRow[]> {
    return db.select().from(rules).orderBy(rules.createdAt);
  }

  /** A stamp that changes whenever a rule changes (other nodes reload their rule cache). */
  async rulesStamp(db: Sql): Promise<string> {
    const [row] = await db
      .select({
        stamp: sql<string>`coalesce(max(${rules.updatedAt})::text, '') || ':' || count(*)::text`,
      })
      .from(rules);
    return row?.stamp ?? '';
  }

  // ---- rule states
  /**
   * Locks and reads the states of these (rule, device) pairs, in key order so that batches
   * committing side by side wait for each other instead of deadlocking.
   */
  async loadStates(
    tx: Sql,
    pairs: Array<{ ruleId: string; deviceId: string }>,
  ): Promise<StateRow[]> {
    if (pairs.length === 0) return [];
    const found = (await tx.execute(sql`
      SELECT rule_id AS "ruleId", device_id AS "deviceId", state, open_alert_id AS "openAlertId",
             updated_at AS "updatedAt"
        FROM alerts_rule_states
       WHERE (rule_id, device_id) IN (
               SELECT * FROM unnest(${sql.param(pairs.map((p) => p.ruleId))}::uuid[],
                                    ${sql.param(pairs.map((p) => p.deviceId))}::uuid[]))
       ORDER BY rule_id, device_id
         FOR UPDATE`)) as unknown as { rows: StateRow[] };
    return found.rows;
  }

  /**
   * What a threshold needs to see whether readings turn its outcome, without locks: the open
   * alert, the latch, when it began to hold, and the last value (not the device facts).
   */
  async lookStates(
    tx: Sql,
    pairs: Array<{ ruleId: string; deviceId: string }>,
  ): Promise<
    Array<{ ruleId: string; deviceId: string; state: RuleState; openAlertId: string | null }>
  > {
    if (pairs.length === 0) return [];
    const found = (await tx.execute(sql`
      SELECT s.rule_id AS "ruleId", s.device_id AS "deviceId", s.open_alert_id AS "openAlertId",
             jsonb_build_object('last', s.state->'last', 'seenAt', s.state->'seenAt',
                                'since', s.state->'since', 'latched', s.state->'latched')::text
               AS state
        FROM unnest(${sql.param(pairs.map((p) => p.ruleId))}::uuid[],
                    ${sql.param(pairs.map((p) => p.deviceId))}::uuid[]) AS v(rule_id, device_id)
        JOIN alerts_rule_states s ON s.rule_id = v.rule_id AND s.device_id = v.device_id`)) as unknown as {
      rows: Array<{ ruleId: string; deviceId: string; openAlertId: string | null; state: string }>;
    };
    return found.rows.map((r) => {
      const look = JSON.parse(r.state) as {
        last: RuleState['last'] | null;
        seenAt: number | null;
        since: RuleState['since'] | null;
        latched: boolean | null;
      };
      return {
        ruleId: r.ruleId,
        deviceId: r.deviceId,
        openAlertId: r.openAlertId,
        state: {
          last: look.last ?? {},
          prev: {},
          since: look.since ?? {},
          seenAt: look.seenAt ?? null,
          ...(look.latched ? { latched: true } : {}),
        },
      };
    });
  }

  async statesOfRules(tx: Sql, ruleIds: string[]): Promise<StateRow[]> {
    if (ruleIds.length === 0) return [];
    return tx.select().from(ruleStates).where(inArray(ruleStates.ruleId, ruleIds)).for('update');
  }

  /** One statement for any number of states, written in key order. */
  async saveStates(tx: Sql, rows: Array<Omit<StateRow, 'updatedAt'>>): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((a, b) =>
      a.ruleId !== b.ruleId
        ? a.ruleId < b.ruleId
          ? -1
          : 1
        : a.deviceId < b.deviceId
          ? -1
          : a.deviceId > b.deviceId
            ? 1
            : 0,
    );
    await tx.execute(sql`
      INSERT INTO alerts_rule_states (rule_id, device_id, state, open_alert_id, updated_at)
      SELECT v.rule_id, v.device_id, v.state::jsonb, v.open_alert_id, now()
        FROM unnest(${sql.param(sorted.map((r) => r.ruleId))}::uuid[],
                    ${sql.param(sorted.map((r) => r.deviceId))}::uuid[],
                    ${sql.param(sorted.map((r) => JSON.stringify(r.state)))}::text[],
                    ${sql.param(sorted.map((r) => r.openAlertId))}::uuid[])
             AS v(rule_id, device_id, state, open_alert_id)
      ON CONFLICT (rule_id, device_id) DO UPDATE
        SET state = excluded.state, open_alert_id = excluded.open_alert_id,
            updated_at = excluded.updated_at`);
  }

  async forgetOpenAlert(tx: Sql, alertId: string): Promise<void> {
    // Latched: a person cleared it while the condition may still hold; it is raised again
    // only after the condition has stopped holding once.
    await tx
      .update(ruleStates)
      .set({ openAlertId: null, state: sql`jsonb_set(${ruleStates.state}, '{latched}', 'true')` })
      .where(eq(ruleStates.openAlertId, alertId));
  }

  // ---- alerts
  async insertAlerts(tx: Sql, rows: Array<Omit<AlertRow, 'version'>>): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insert(alerts).values(rows.slice(i, i + 500).map((r) => ({ ...r, version: 1 })));
    }
  }

  async autoClear(tx: Sql, ids: string[], at: Date): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return tx
      .update(alerts)
      .set({
        status: 'cleared',
        clearedAt: at,
        clearedBy: 'system',
        version: sql`${alerts.version} + 1`,
      })
      .where(and(inArray(alerts.id, ids), inArray(alerts.status, ['active', 'acknowledged'])))
      .returning();
  }

  /** Moves one alert if it is still at `version` and in one of `from`; undefined otherwise. */
  async transition(
    tx: Sql,
    id: string,
    version: number,
    from: AlertStatus[],
    set: Partial<AlertRow>,
  ): Promise<AlertRow | undefined> {
    const [row] = await tx
      .update(alerts)
      .set({ ...set, version: sql`${alerts.version} + 1` })
      .where(and(eq(alerts.id, id), eq(alerts.version, version), inArray(alerts.status, from)))
      .returning();
    return row;
  }

  async findAlert(db: Sql, id: string): Promise<AlertRow | undefined> {
    const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
    return row;
  }

  async listAlerts(db: Sql, filter: AlertFilter): Promise<{ rows: AlertRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.status?.length) conditions.push(inArray(alerts.status, filter.status));
    if (filter.severity) conditions.push(eq(alerts.severity, filter.severity));
    if (filter.deviceId) conditions.push(eq(alerts.deviceId, filter.deviceId));
    if (filter.ruleId) conditions.push(eq(alerts.ruleId, filter.ruleId));
    if (filter.incidentId) conditions.push(eq(alerts.incidentId, filter.incidentId));
    if (filter.departmentId) conditions.push(eq(alerts.departmentId, filter.departmentId));
    if (filter.regionIds) {
      const ids = filter.regionIds.length ? filter.regionIds : [''];
      conditions.push(
        sql`(${inArray(alerts.gridId, ids)} OR ${inArray(alerts.streetId, ids)} OR ${inArray(alerts.districtId, ids)})`,
      );
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await db
      .select()
      .from(alerts)
      .where(where)
      .orderBy(desc(alerts.raisedAt), desc(alerts.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(alerts)
      .where(where);
    return { rows, total: count?.n ?? 0 };
  }

  /** Open alerts of a rule in a street raised since `since` that belong to no incident yet. */
  async uncorrelatedInStreet(
    tx: Sql,
    ruleId: string,
    streetId: string,
    since: Date,
  ): Promise<Array<{ id: string; departmentId: string | null }>> {
    return tx
      .select({ id: alerts.id, departmentId: alerts.departmentId })
      .from(alerts)
      .where(
        and(
          eq(alerts.ruleId, ruleId),
          eq(alerts.streetId, streetId),
          inArray(alerts.status, ['active', 'acknowledged']),
          gte(alerts.raisedAt, since),
          isNull(alerts.incidentId),
        ),
      );
  }

  /** Makes the alerts children of the incident; the incident's alert count after that. */
  async attachToIncident(tx: Sql, incidentId: string, alertIds: string[]): Promise<number> {
    if (alertIds.length > 0) {
      await tx.update(alerts).set({ incidentId }).where(inArray(alerts.id, alertIds));
    }
    const [row] = await tx
      .update(incidents)
      .set({ alertCount: sql`${incidents.alertCount} + ${alertIds.length}` })
      .where(eq(incidents.id, incidentId))
      .returning({ alertCount: incidents.alertCount });
    return row?.alertCount ?? 0;
  }

  // ---- incidents
  async findOpenIncident(
    tx: Sql,
    ruleId: string,
    streetId: string,
  ): Promise<IncidentRow | undefined> {
    const [row] = await tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.ruleId, ruleId),
          eq(incidents.streetId, streetId),
          eq(incidents.status, 'open'),
        ),
      )
      .for('update');
    return row;
  }

  async insertIncident(
    tx: Sql,
    row: Omit<IncidentRow, 'alertCount' | 'closedAt' | 'status'>,
  ): Promise<IncidentRow> {
    const [created] = await tx
      .insert(incidents)
      .values({ ...row, status: 'open', alertCount: 0 })
      .returning();
    return created as IncidentRow;
  }

  async findIncident(db: Sql, id: string): Promise<IncidentRow | undefined> {
    const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
    return row;
  }

  async listIncidents(
    db: Sql,
    filter: {
      status?: 'open' | 'closed';
      regionIds: string[] | null;
      limit: number;
      offset: number;
    },
  ): Promise<{ rows: IncidentRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(incidents.status, filter.status));
    if (filter.regionIds) {
      const ids = filter.regionIds.length ? filter.regionIds : [''];
      conditions.push(
        sql`(${inArray(incidents.streetId, ids)} OR ${inArray(incidents.districtId, ids)})`,
      );
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(desc(incidents.openedAt))
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(incidents)
      .where(where);
    return { rows, total: count?.n ?? 0 };
  }

  /** Closes incidents whose alerts are all cleared or closed. */
  async closeFinishedIncidents(tx: Sql, incidentIds: string[], at: Date): Promise<IncidentRow[]> {
    if (incidentIds.length === 0) return [];
    return tx
      .update(incidents)
      .set({ status: 'closed', closedAt: at })
      .where(
        and(
          inArray(incidents.id, incidentIds),
          eq(incidents.status, 'open'),
          sql`NOT EXISTS (SELECT 1 FROM ${alerts} WHERE ${alerts.incidentId} = ${incidents.id} AND ${alerts.status} IN ('active', 'acknowledged'))`,
        ),
      )
      .returning();
  }
}
