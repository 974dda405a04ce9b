import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { badRequest, conflict, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type {
  AlertFilter,
  AlertRepository,
  AlertRow,
  AlertStatus,
  IncidentRow,
  RuleRow,
  Severity,
} from './alert.repository.ts';
import { alertsEvent, type AlertSnapshot, type IncidentFacts } from './alerts.events.ts';
import {
  applyReadings,
  emptyState,
  evaluate,
  isTimeBased,
  type Condition,
  type Reading,
  type RuleState,
} from './rule-condition.ts';
import { RuleIndex, type IndexedRule, type ObservedDevice } from './rule-index.ts';
import { conditionProblem, type ModelProperty } from './rule-model-check.ts';

/** The products whose thing models rule conditions are checked against (the IoT registry's). */
export type ThingModels = () => ReadonlyArray<{
  id: string;
  thingModel: { properties: readonly ModelProperty[] };
}>;

export interface ObservedBatch {
  device: ObservedDevice;
  readings: Reading[];
}

export interface RuleInput {
  name: string;
  description?: string;
  severity: Severity;
  productId?: string | null;
  deviceId?: string | null;
  tag?: string | null;
  regionId?: string | null;
  condition: Condition;
  stormThreshold?: number;
  stormWindowSeconds?: number;
  enabled?: boolean;
}

export const SWEEP_TIMER = 'alerts.sweep';
const SWEEP_EVERY_MS = 30_000;
const RULE_CACHE_MS = 5_000;

/**
 * Rules and alerts. `observe` runs inside the ingest transaction, so a reading, the rule
 * state it changes and the alert it raises commit together (and `iot.alert.raised` goes out
 * through the outbox right after). Durations and "no data" also advance on a periodic sweep.
 */
export class AlertsService {
  private readonly index: RuleIndex;
  private loadedStamp: string | null = null;
  private checkedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: AlertRepository,
    private readonly regions: { rootId: string; exists(id: string): boolean },
    private readonly devices: { exists(id: string): Promise<boolean> } | null = null,
    private readonly models: ThingModels | null = null,
  ) {
    this.index = new RuleIndex(() => regions.rootId);
  }

  /** Reloads rules when they changed (here or on another node), at most every few seconds. */
  /** Inside a transaction pass its handle: PGlite has one connection and would wait for itself. */
  async refreshRules(force = false, db: Sql = this.db.orm): Promise<void> {
    const now = Date.now();
    if (!force && now - this.checkedAt < RULE_CACHE_MS) return;
    this.checkedAt = now;
    const stamp = await this.repository.rulesStamp(db);
    if (!force && stamp === this.loadedStamp) return;
    this.index.replace(await this.repository.listRules(db));
    this.loadedStamp = stamp;
  }

  // ---------------------------------------------------------------- evaluation

  /** Whether any enabled rule applies to this device (ingest skips the readings of the rest). */
  watches(device: ObservedDevice): boolean {
    return this.index.match(device).length > 0;
  }

  /** Evaluates matching rules on a batch of readings, inside the caller's transaction. */
  async observe(ctx: WriteContext, batch: ObservedBatch[], now = new Date()): Promise<void> {
    if (this.index.size === 0 || batch.length === 0) return;
    const work: Array<{ rule: IndexedRule; device: ObservedDevice; readings: Reading[] }> = [];
    const byDevice = new Map<string, ObservedBatch>();
    for (const item of batch) {
      const seen = byDevice.get(item.device.id);
      if (seen) seen.readings.push(...item.readings);
      else byDevice.set(item.device.id, { device: item.device, readings: [...item.readings] });
    }
    for (const { device, readings } of byDevice.values()) {
      for (const rule of this.index.match(device)) {
        // A rule on keys this device did not report now has nothing new to evaluate, unless
        // it is about time (durations, silence), which every batch moves on.
        if (!rule.timeBased && !readings.some((r) => rule.keys.has(r.key))) continue;
        work.push({ rule, device, readings });
      }
    }
    if (work.length === 0) return;
    // Thresholds on one key decide on the newest reading (and, with a duration, on when it
    // began to hold): their state is worth a write only when that turns — holding starts or
    // stops, an alert is raised or cleared, a latch ends. A look without locks finds those;
    // only they, and every other rule, are locked and written.
    const plain = work.filter((w) => isPlainThreshold(w.rule.row.condition));
    const turning = new Set<(typeof work)[number]>();
    if (plain.length > 0) {
      const looked = await this.repository.lookStates(
        ctx.sql,
        plain.map((w) => ({ ruleId: w.rule.row.id, deviceId: w.device.id })),
      );
      const lookOf = new Map(looked.map((s) => [`${s.ruleId}|${s.deviceId}`, s]));
      for (const w of plain) {
        const stored = lookOf.get(`${w.rule.row.id}|${w.device.id}`);
        if (turns(w.rule.row.condition, w.rule.keys, stored, w.readings, now)) turning.add(w);
      }
    }
    const locked = work.filter((w) => turning.has(w) || !isPlainThreshold(w.rule.row.condition));
    if (locked.length === 0) return;
    const states = await this.repository.loadStates(
      ctx.sql,
      locked.map((w) => ({ ruleId: w.rule.row.id, deviceId: w.device.id })),
    );
    const stateOf = new Map(states.map((s) => [`${s.ruleId}|${s.deviceId}`, s]));
    await this.evaluateAll(
      ctx,
      locked.map((w) => {
        const stored = stateOf.get(`${w.rule.row.id}|${w.device.id}`);
        const state = stored?.state ?? emptyState();
        applyReadings(state, w.rule.keys, w.readings);
        return {
          rule: w.rule.row,
          device: w.device,
          state,
          openAlertId: stored?.openAlertId ?? null,
        };
      }),
      now,
    );
  }

  /** Advances durations and "no data" for every device a time-based rule has seen. */
  async sweep(ctx: WriteContext, now = new Date()): Promise<number> {
    await this.refreshRules(false, ctx.sql);
    const timed = (await this.repository.listRules(ctx.sql)).filter(
      (r) => r.enabled && isTimeBased(r.condition),
    );
    if (timed.length === 0) return 0;
    const byId = new Map(timed.map((r) => [r.id, r]));
    const states = await this.repository.statesOfRules(
      ctx.sql,
      timed.map((r) => r.id),
    );
    const open = new Map<string, AlertRow>();
    for (const id of states.map((s) => s.openAlertId).filter((x): x is string => !!x)) {
      const alert = await this.repository.findAlert(ctx.sql, id);
      if (alert) open.set(id, alert);
    }
    await this.evaluateAll(
      ctx,
      states.map((s) => ({
        rule: byId.get(s.ruleId) as RuleRow,
        device: deviceFromState(s.deviceId, s.state, open.get(s.openAlertId ?? '')),
        state: s.state,
        openAlertId: s.openAlertId,
      })),
      now,
    );
    return states.length;
  }

  private async evaluateAll(
    ctx: WriteContext,
    items: Array<{
      rule: RuleRow;
      device: ObservedDevice;
      state: RuleState;
      openAlertId: string | null;
    }>,
    now: Date,
  ): Promise<void> {
    const raised: Array<Omit<AlertRow, 'version'>> = [];
    const toClear: string[] = [];
    const saved: Array<{
      ruleId: string;
      deviceId: string;
      state: RuleState;
      openAlertId: string | null;
    }> = [];
    for (const item of items) {
      const at = Math.max(now.getTime(), item.state.seenAt ?? 0);
      const result = evaluate(item.rule.condition, item.state, at);
      // Remember where the device is, so the sweep can raise alerts without the registry.
      item.state.device = deviceFacts(item.device);
      let openAlertId = item.openAlertId;
      if (!result.matched) delete item.state.latched;
      if (result.matched && !openAlertId && !item.state.latched) {
        openAlertId = crypto.randomUUID();
        raised.push({
          id: openAlertId,
          ruleId: item.rule.id,
          ruleName: item.rule.name,
          severity: item.rule.severity,
          deviceId: item.device.id,
          deviceName: item.device.name,
          productId: item.device.productId,
          gridId: item.device.gridId,
          streetId: item.device.streetId,
          districtId: item.device.districtId,
          departmentId: item.device.departmentId,
          lng: item.device.location?.[0] ?? null,
          lat: item.device.location?.[1] ?? null,
          status: 'active',
          reason: result.reasons.join('; ').slice(0, 500),
          raisedAt: new Date(at),
          acknowledgedAt: null,
          acknowledgedBy: null,
          clearedAt: null,
          clearedBy: null,
          closedAt: null,
          closedBy: null,
          note: null,
          incidentId: null,
        });
      } else if (!result.matched && openAlertId) {
        toClear.push(openAlertId);
        openAlertId = null;
      }
      saved.push({
        ruleId: item.rule.id,
        deviceId: item.device.id,
        state: item.state,
        openAlertId,
      });
    }
    if (raised.length) await this.repository.insertAlerts(ctx.sql, raised);
    await this.repository.saveStates(ctx.sql, saved);
    const cleared = await this.repository.autoClear(ctx.sql, toClear.sort(), now);
    const correlated = await this.correlate(ctx, raised, now);
    await ctx.emit(
      ...raised.map((row) => {
        const snapshot = this.snapshot(
          { ...row, version: 1, incidentId: correlated.get(row.id) ?? null },
          'system',
        );
        return alertsEvent('iot.alert.raised', snapshot, { regionId: row.gridId });
      }),
      ...cleared.map((row) =>
        alertsEvent('iot.alert.cleared', this.snapshot(row, 'system'), { regionId: row.gridId }),
      ),
    );
    const incidentIds = [
      ...new Set(cleared.map((row) => row.incidentId).filter((x): x is string => !!x)),
    ];
    for (const incident of await this.repository.closeFinishedIncidents(
      ctx.sql,
      incidentIds,
      now,
    )) {
      await ctx.emit(
        alertsEvent('iot.incident.closed', {
          incidentId: incident.id,
          ruleId: incident.ruleId,
          streetId: incident.streetId,
        }),
      );
    }
  }

  /**
   * Alarm-storm correlation: when a rule has `stormThreshold` open alerts in one street within
   * its window, they become children of one incident, and later ones join it. The case loop
   * and pagers act on the incident, so a power cut does not page thousands of times.
   */
  private async correlate(ctx: WriteContext, raised: Array<Omit<AlertRow, 'version'>>, now: Date) {
    const joined = new Map<string, string>();
    const groups = new Map<string, Omit<AlertRow, 'version'>>();
    for (const row of raised) if (row.streetId) groups.set(`${row.ruleId}|${row.streetId}`, row);
    // Key order: batches committing side by side lock incidents in the same order.
    for (const [, sample] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const rule = await this.repository.findRule(ctx.sql, sample.ruleId);
      if (!rule || !sample.streetId) continue;
      let incident = await this.repository.findOpenIncident(ctx.sql, rule.id, sample.streetId);
      const since = new Date(now.getTime() - rule.stormWindowSeconds * 1000);
      const loose = await this.repository.uncorrelatedInStreet(
        ctx.sql,
        rule.id,
        sample.streetId,
        since,
      );
      if (!incident && loose.length < rule.stormThreshold) continue;
      const departmentIds = [
        ...new Set(loose.map((a) => a.departmentId).filter((d): d is string => !!d)),
      ].sort();
      const opening = !incident;
      if (!incident) {
        incident = await this.repository.insertIncident(ctx.sql, {
          id: crypto.randomUUID(),
          ruleId: rule.id,
          title: `${rule.name}（${loose.length}+）`,
          severity: rule.severity,
          streetId: sample.streetId,
          districtId: sample.districtId,
          openedAt: now,
        });
        await ctx.emit(
          alertsEvent('iot.incident.opened', incidentFacts(incident, loose.length, departmentIds)),
        );
      }
      const ids = loose.map((a) => a.id);
      if (ids.length === 0) continue;
      const alertCount = await this.repository.attachToIncident(ctx.sql, incident.id, ids);
      for (const id of ids) joined.set(id, incident.id);
      // Alerts joining an open incident: the departments they bring may not have heard of it.
      if (!opening) {
        await ctx.emit(
          alertsEvent('iot.incident.extended', incidentFacts(incident, alertCount, departmentIds)),
        );
      }
    }
    return joined;
  }

  // ---------------------------------------------------------------- lifecycle

  acknowledge(actor: Actor, id: string, version: number, note?: string) {
    return this.move(actor, id, version, ['active'], 'acknowledged', {
      acknowledgedAt: new Date(),
      acknowledgedBy: actor.id,
      ...(note ? { note } : {}),
    });
  }

  clear(actor: Actor, id: string, version: number, note?: string) {
    return this.move(actor, id, version, ['active', 'acknowledged'], 'cleared', {
      clearedAt: new Date(),
      clearedBy: actor.id,
      ...(note ? { note } : {}),
    });
  }

  close(actor: Actor, id: string, version: number, note?: string) {
    return this.move(actor, id, version, ['cleared'], 'closed', {
      closedAt: new Date(),
      closedBy: actor.id,
      ...(note ? { note } : {}),
    });
  }

  private async move(
    actor: Actor,
    id: string,
    version: number,
    from: AlertStatus[],
    to: AlertStatus,
    set: Partial<AlertRow>,
  ): Promise<AlertRow> {
    return this.uow.run(async (ctx) => {
      const moved = await this.repository.transition(ctx.sql, id, version, from, {
        ...set,
        status: to,
      });
      if (!moved) {
        const current = await this.repository.findAlert(ctx.sql, id);
        if (!current) throw notFound('alert', id);
        if (current.version !== version) {
          throw conflict(
            'version_conflict',
            `Alert ${id} was changed by someone else (now version ${current.version}); reload and try again`,
            {
              currentVersion: current.version,
              currentStatus: current.status,
            },
          );
        }
        throw conflict(
          'invalid_transition',
          `An alert that is ${current.status} cannot become ${to}`,
          {
            currentStatus: current.status,
          },
        );
      }
      if (to === 'cleared') await this.repository.forgetOpenAlert(ctx.sql, id);
      const type = `iot.alert.${to}` as
        'iot.alert.acknowledged' | 'iot.alert.cleared' | 'iot.alert.closed';
      await ctx.emit(
        alertsEvent(type, this.snapshot(moved, actor.id), {
          actorId: actor.id,
          regionId: moved.gridId,
        }),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: `alerts.${to === 'acknowledged' ? 'acknowledge' : to === 'cleared' ? 'clear' : 'close'}`,
        target: { type: 'alert', id },
        regionId: moved.gridId,
        details: { from: from.join('|'), to, ...(set.note ? { note: set.note } : {}) },
      });
      if (to === 'cleared' && moved.incidentId) {
        for (const incident of await this.repository.closeFinishedIncidents(
          ctx.sql,
          [moved.incidentId],
          new Date(),
        )) {
          await ctx.emit(
            alertsEvent('iot.incident.closed', {
              incidentId: incident.id,
              ruleId: incident.ruleId,
              streetId: incident.streetId,
            }),
          );
        }
      }
      return moved;
    });
  }

  // ---------------------------------------------------------------- rules

  async createRule(actor: Actor, input: RuleInput): Promise<RuleRow> {
    await this.checkScope(input);
    const row = await this.uow.run(async (ctx) => {
      const created = await this.repository.insertRule(ctx.sql, {
        id: crypto.randomUUID(),
        ...ruleFields(input),
        createdBy: actor.id,
      });
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'alerts.rule.create',
        target: { type: 'alert-rule', id: created.id },
        regionId: created.regionId,
        details: { name: created.name, condition: created.condition },
      });
      return created;
    });
    await this.refreshRules(true);
    return row;
  }

  async updateRule(actor: Actor, id: string, version: number, input: RuleInput): Promise<RuleRow> {
    await this.checkScope(input);
    const row = await this.uow.run(async (ctx) => {
      const updated = await this.repository.updateRule(ctx.sql, id, version, ruleFields(input));
      if (!updated) {
        const current = await this.repository.findRule(ctx.sql, id);
        if (!current) throw notFound('alert rule', id);
        throw conflict(
          'version_conflict',
          `Rule ${id} was changed by someone else; reload and try again`,
          {
            currentVersion: current.version,
          },
        );
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'alerts.rule.update',
        target: { type: 'alert-rule', id },
        regionId: updated.regionId,
        details: { name: updated.name, condition: updated.condition, enabled: updated.enabled },
      });
      return updated;
    });
    await this.refreshRules(true);
    return row;
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.uow.run(async (ctx) => {
      const rule = await this.repository.findRule(ctx.sql, id);
      if (!rule) throw notFound('alert rule', id);
      await this.repository.deleteRule(ctx.sql, id);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'alerts.rule.delete',
        target: { type: 'alert-rule', id },
        regionId: rule.regionId,
        details: { name: rule.name },
      });
    });
    await this.refreshRules(true);
  }

  getRule(id: string): Promise<RuleRow | undefined> {
    return this.repository.findRule(this.db.orm, id);
  }

  listRules(): Promise<RuleRow[]> {
    return this.repository.listRules(this.db.orm);
  }

  async getAlert(id: string): Promise<AlertRow> {
    const alert = await this.repository.findAlert(this.db.orm, id);
    if (!alert) throw notFound('alert', id);
    return alert;
  }

  listAlerts(filter: AlertFilter) {
    return this.repository.listAlerts(this.db.orm, filter);
  }

  async getIncident(id: string): Promise<IncidentRow> {
    const incident = await this.repository.findIncident(this.db.orm, id);
    if (!incident) throw notFound('incident', id);
    return incident;
  }

  listIncidents(filter: {
    status?: 'open' | 'closed';
    regionIds: string[] | null;
    limit: number;
    offset: number;
  }) {
    return this.repository.listIncidents(this.db.orm, filter);
  }

  /** Schedules the next sweep; the timer handler calls this again after each run. */
  nextSweep(ctx: WriteContext, now = new Date()): Promise<void> {
    const due = new Date(Math.ceil((now.getTime() + 1) / SWEEP_EVERY_MS) * SWEEP_EVERY_MS);
    return ctx.schedule({ kind: SWEEP_TIMER, key: `sweep-${due.getTime()}`, dueAt: due });
  }

  /** Checks what a rule points at exists; routes call it before authorizing the region. */
  async checkScope(input: RuleInput): Promise<void> {
    if (!input.productId && !input.deviceId && !input.tag && !input.regionId) {
      throw badRequest(
        'rule_scope_required',
        'A rule needs a product, device, tag or region to apply to',
      );
    }
    if (input.regionId && !this.regions.exists(input.regionId)) {
      throw badRequest('unknown_region', `Region ${input.regionId} does not exist`);
    }
    if (input.deviceId && this.devices && !(await this.devices.exists(input.deviceId))) {
      throw badRequest('unknown_device', `Device ${input.deviceId} does not exist`);
    }
    this.checkCondition(input);
  }

  /**
   * Refuses a condition that could never hold: a key the rule's product (or, without one, every
   * product) does not report, or a threshold or operator that cannot match the property's type.
   * A product the registry does not know is not checked here, nor is a disabled rule (it never
   * fires; rules saved before this check existed can still be switched off).
   */
  private checkCondition(input: RuleInput): void {
    if (input.enabled === false) return;
    const products = this.models?.() ?? [];
    const chosen = input.productId ? products.filter((p) => p.id === input.productId) : products;
    if (chosen.length === 0) return;
    const problem = conditionProblem(
      input.condition,
      chosen.flatMap((p) => p.thingModel.properties),
      input.productId ? `the thing model of ${input.productId}` : 'any product’s thing model',
    );
    if (problem) throw badRequest(problem.code, problem.detail);
  }

  snapshot(row: AlertRow, by: string): AlertSnapshot {
    return {
      alertId: row.id,
      ruleId: row.ruleId,
      ruleName: row.ruleName,
      severity: row.severity,
      status: row.status,
      deviceId: row.deviceId,
      deviceName: row.deviceName,
      productId: row.productId,
      gridId: row.gridId,
      streetId: row.streetId,
      districtId: row.districtId,
      departmentId: row.departmentId,
      location: row.lng !== null && row.lat !== null ? [row.lng, row.lat] : null,
      reason: row.reason,
      incidentId: row.incidentId,
      at: (row.closedAt ?? row.clearedAt ?? row.acknowledgedAt ?? row.raisedAt).toISOString(),
      by,
    };
  }
}

/** A rule's stored fields from its input, with the defaults applied. */
function ruleFields(input: RuleInput) {
  return {
    name: input.name,
    description: input.description ?? '',
    severity: input.severity,
    productId: input.productId ?? null,
    deviceId: input.deviceId ?? null,
    tag: input.tag ?? null,
    regionId: input.regionId ?? null,
    condition: input.condition,
    stormThreshold: input.stormThreshold ?? 10,
    stormWindowSeconds: input.stormWindowSeconds ?? 300,
    enabled: input.enabled ?? true,
  };
}

function deviceFacts(device: ObservedDevice): NonNullable<RuleState['device']> {
  return {
    name: device.name,
    productId: device.productId,
    gridId: device.gridId,
    streetId: device.streetId,
    districtId: device.districtId,
    departmentId: device.departmentId,
    location: device.location,
  };
}

function deviceFromState(
  id: string,
  state: RuleState,
  alert: AlertRow | undefined,
): ObservedDevice {
  const facts = state.device;
  return {
    id,
    name: facts?.name ?? alert?.deviceName ?? id,
    productId: facts?.productId ?? alert?.productId ?? '',
    tags: [],
    gridId: facts?.gridId ?? alert?.gridId ?? null,
    streetId: facts?.streetId ?? alert?.streetId ?? null,
    districtId: facts?.districtId ?? alert?.districtId ?? null,
    departmentId: facts?.departmentId ?? alert?.departmentId ?? null,
    location: facts?.location ?? null,
  };
}

/** A threshold on one key without a duration: the newest reading alone decides it. */
function isPlainThreshold(condition: Condition): boolean {
  return condition.type === 'threshold';
}

/**
 * Whether readings would change what a threshold on one key has stored: raise (matched, no
 * open alert, not latched), clear or unlatch (not matched), or — with a duration — holding
 * starting or stopping (when it began is what the sweep counts from). Nothing is written
 * otherwise, so the stored last value may be older than the newest reading, but it holds or
 * fails exactly as the newest does; a late reading is judged against that older value.
 */
function turns(
  condition: Condition,
  keys: ReadonlySet<string>,
  stored: { state: RuleState; openAlertId: string | null } | undefined,
  readings: Reading[],
  now: Date,
): boolean {
  const since = { ...(stored?.state.since ?? {}) };
  const look: RuleState = {
    last: { ...(stored?.state.last ?? {}) },
    prev: {},
    since,
    seenAt: stored?.state.seenAt ?? null,
  };
  applyReadings(look, keys, readings);
  const { matched } = evaluate(condition, look, Math.max(now.getTime(), look.seenAt ?? 0));
  if ((stored?.state.since?.['0'] === undefined) !== (look.since['0'] === undefined)) return true;
  const open = stored?.openAlertId != null;
  const latched = stored?.state.latched === true;
  return matched ? !open && !latched : open || latched;
}

/** The facts `iot.incident.opened` and `iot.incident.extended` announce. */
function incidentFacts(
  incident: Pick<IncidentRow, 'id' | 'ruleId' | 'title' | 'severity' | 'streetId' | 'districtId'>,
  alertCount: number,
  departmentIds: string[],
): IncidentFacts {
  return {
    incidentId: incident.id,
    ruleId: incident.ruleId,
    title: incident.title,
    severity: incident.severity,
    streetId: incident.streetId,
    districtId: incident.districtId,
    alertCount,
    departmentIds,
  };
}
