import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { RegionsService } from '../regions/index.ts';
import { seededAlertMappings, type AlertMapping } from './alert-mapping.ts';
import type {
  CaseClassRepository,
  CaseClassRow,
  DispatchRuleRow,
  DispatchTarget,
} from './case-class.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import { resolveAssignment, type Assignment } from './dispatch-resolution.ts';
import { gbt30428Classes, seededDispatchRules } from './gbt30428-catalog.ts';

const STAMP_CHECK_MS = 5_000;

export interface RuleInput {
  classId: string;
  regionId: string;
  target: DispatchTarget;
  departmentCode?: string | null;
  departmentId?: string | null;
  note?: string;
}

export type ClassPatch = Partial<
  Pick<CaseClassRow, 'departmentCode' | 'keepInGrid' | 'defaultPriority' | 'deadlines' | 'enabled'>
>;

/**
 * The classification (GB/T 30428 classes with departments and deadlines), the dispatch
 * rules and the alert mappings, cached in memory: intake and dispatch read them on every
 * case. Changes made on another node arrive within a few seconds (a stamp is compared).
 */
export class CaseCatalog {
  private classes = new Map<string, CaseClassRow>();
  private rulesByClass = new Map<string, DispatchRuleRow[]>();
  private mappings: AlertMapping[] = [];
  private stamp: string | null = null;
  private checkedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: CaseClassRepository,
    private readonly regions: RegionsService,
    private readonly departments: DepartmentDirectory,
  ) {}

  /** Seeds the standard classes, example rules and alert mappings into an empty catalog. */
  async ensureSeeded(): Promise<void> {
    await this.uow.run(async (ctx) => {
      if ((await this.repository.countClasses(ctx.sql)) > 0) return;
      await this.repository.insertClasses(ctx.sql, gbt30428Classes);
      for (const rule of seededDispatchRules) {
        await this.repository.upsertRule(ctx.sql, {
          id: crypto.randomUUID(),
          classId: rule.classId,
          regionId: rule.regionId,
          target: rule.target,
          departmentCode: rule.departmentCode,
          departmentId: null,
          note: rule.note,
          createdBy: 'system',
        });
      }
      await this.repository.insertMappings(
        ctx.sql,
        seededAlertMappings.map((m) => ({
          ...m,
          id: crypto.randomUUID(),
          ruleId: null,
          enabled: true,
        })),
      );
    });
    await this.refresh(this.db.orm, true);
  }

  /** Reloads when the catalog changed; inside a transaction pass its handle. */
  async refresh(sql: Sql = this.db.orm, force = false): Promise<void> {
    if (!force && Date.now() - this.checkedAt < STAMP_CHECK_MS) return;
    this.checkedAt = Date.now();
    const stamp = await this.repository.stamp(sql);
    if (!force && stamp === this.stamp) return;
    const [classes, rules, mappings] = [
      await this.repository.listClasses(sql),
      await this.repository.listRules(sql),
      await this.repository.listMappings(sql),
    ];
    this.classes = new Map(classes.map((c) => [c.id, c]));
    this.rulesByClass = new Map();
    for (const rule of rules) {
      const list = this.rulesByClass.get(rule.classId) ?? [];
      list.push(rule);
      this.rulesByClass.set(rule.classId, list);
    }
    this.mappings = mappings;
    this.stamp = stamp;
  }

  classOf(id: string): CaseClassRow | null {
    return this.classes.get(id) ?? null;
  }

  listClasses(): CaseClassRow[] {
    return [...this.classes.values()];
  }

  listRules(): DispatchRuleRow[] {
    return [...this.rulesByClass.values()].flat();
  }

  alertMappings(): AlertMapping[] {
    return this.mappings;
  }

  /** Who would handle a case of this class in this grid (department directory must be fresh). */
  resolve(classId: string, gridId: string): Assignment | null {
    const cls = this.classes.get(classId);
    if (!cls) return null;
    const chain = [
      gridId,
      ...this.regions
        .ancestors(gridId)
        .map((r) => r.id)
        .reverse(),
    ];
    const districtId =
      chain.find((id) => this.regions.get(id).level === 'district') ?? this.regions.rootId;
    return resolveAssignment({
      departmentCode: cls.departmentCode,
      keepInGrid: cls.keepInGrid,
      rules: this.rulesByClass.get(classId) ?? [],
      chain,
      gridId,
      districtId,
      cityId: this.regions.rootId,
      departments: this.departments,
    });
  }

  // ---------------------------------------------------------------- administration

  async updateClass(actor: Actor, id: string, version: number, patch: ClassPatch) {
    const updated = await this.uow.run(async (ctx) => {
      const row = await this.repository.updateClass(ctx.sql, id, version, patch);
      if (!row) {
        const current = this.classes.get(id);
        if (!current) throw notFound('case class', id);
        throw conflict('version_conflict', `Class ${id} was changed by someone else; reload`, {
          currentVersion: current.version,
        });
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.class.update',
        target: { type: 'case-class', id },
        details: { ...patch },
      });
      return row;
    });
    await this.refresh(this.db.orm, true);
    return updated;
  }

  async saveRule(actor: Actor, input: RuleInput): Promise<DispatchRuleRow> {
    if (!this.classes.has(input.classId)) {
      throw new AppError('unknown_class', 422, `Case class ${input.classId} does not exist`);
    }
    if (!this.regions.exists(input.regionId)) {
      throw new AppError('unknown_region', 422, `Region ${input.regionId} does not exist`);
    }
    if (input.target === 'department_code' && !input.departmentCode) {
      throw new AppError(
        'department_code_required',
        422,
        'target department_code needs departmentCode',
      );
    }
    if (input.target === 'department') {
      if (!input.departmentId || !(await this.departments.ensure(input.departmentId))) {
        throw new AppError(
          'unknown_department',
          422,
          `Department ${input.departmentId ?? '(none)'} does not exist`,
        );
      }
    }
    const saved = await this.uow.run(async (ctx) => {
      const rule = await this.repository.upsertRule(ctx.sql, {
        id: crypto.randomUUID(),
        classId: input.classId,
        regionId: input.regionId,
        target: input.target,
        departmentCode: input.target === 'department_code' ? (input.departmentCode ?? null) : null,
        departmentId: input.target === 'department' ? (input.departmentId ?? null) : null,
        note: input.note ?? '',
        createdBy: actor.id,
      });
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.dispatchRule.save',
        target: { type: 'case-dispatch-rule', id: rule.id },
        regionId: input.regionId,
        details: { ...input },
      });
      return rule;
    });
    await this.refresh(this.db.orm, true);
    return saved;
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.uow.run(async (ctx) => {
      const rule = await this.repository.deleteRule(ctx.sql, id);
      if (!rule) throw notFound('dispatch rule', id);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.dispatchRule.delete',
        target: { type: 'case-dispatch-rule', id },
        regionId: rule.regionId,
        details: { classId: rule.classId },
      });
    });
    await this.refresh(this.db.orm, true);
  }

  findRule(id: string): DispatchRuleRow | null {
    return this.listRules().find((r) => r.id === id) ?? null;
  }

  async addMapping(actor: Actor, input: Omit<AlertMapping, 'id'>): Promise<AlertMapping> {
    if (!this.classes.has(input.classId)) {
      throw new AppError('unknown_class', 422, `Case class ${input.classId} does not exist`);
    }
    const mapping = { ...input, id: crypto.randomUUID() };
    await this.uow.run(async (ctx) => {
      await this.repository.insertMappings(ctx.sql, [mapping]);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.alertMapping.add',
        target: { type: 'case-alert-mapping', id: mapping.id },
        details: { ...input },
      });
    });
    await this.refresh(this.db.orm, true);
    return mapping;
  }

  async deleteMapping(actor: Actor, id: string): Promise<void> {
    await this.uow.run(async (ctx) => {
      if (!(await this.repository.deleteMapping(ctx.sql, id))) throw notFound('alert mapping', id);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.alertMapping.delete',
        target: { type: 'case-alert-mapping', id },
      });
    });
    await this.refresh(this.db.orm, true);
  }
}
