import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import type { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';

/** The cases module's tunables, stored as one settings row; unset fields keep their defaults. */
export interface CaseSettings {
  /** A new report this close to an open case of the same class is offered as a duplicate. */
  duplicateRadiusMeters: number;
  /** …if that case was reported within this many hours. */
  duplicateWindowHours: number;
  /** The deadline warning fires after this share of the allowed working time. */
  warnAtFraction: number;
  /** While a case stays overdue it climbs one more level after this many working hours. */
  escalateEveryWorkingHours: number;
  /** Largest accepted photo. */
  photoMaxBytes: number;
}

export const defaultCaseSettings: CaseSettings = {
  duplicateRadiusMeters: 50,
  duplicateWindowHours: 24,
  warnAtFraction: 0.8,
  escalateEveryWorkingHours: 4,
  photoMaxBytes: 5 * 1024 * 1024,
};

/** Photos above this are refused by the HTTP layer before the settings are even read. */
export const PHOTO_HARD_LIMIT_BYTES = 20 * 1024 * 1024;

const KEY = 'cases.settings';
const RELOAD_MS = 30_000;

export class CaseSettingsStore {
  private cached: CaseSettings = defaultCaseSettings;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly settings: SettingsRepository,
  ) {}

  /** The settings, re-read at most every 30 s; inside a transaction pass its handle. */
  async get(sql: Sql = this.db.orm): Promise<CaseSettings> {
    if (Date.now() - this.loadedAt < RELOAD_MS) return this.cached;
    const stored = await this.settings.get<Partial<CaseSettings>>(sql, KEY);
    this.cached = { ...defaultCaseSettings, ...(stored ?? {}) };
    this.loadedAt = Date.now();
    return this.cached;
  }

  async update(actor: Actor, patch: Partial<CaseSettings>): Promise<CaseSettings> {
    const next = await this.uow.run(async (ctx) => {
      const stored = (await this.settings.get<Partial<CaseSettings>>(ctx.sql, KEY)) ?? {};
      const merged = { ...stored, ...patch };
      await this.settings.set(ctx.sql, KEY, merged);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'cases.settings.update',
        target: { type: 'case-settings', id: KEY },
        details: { ...patch },
      });
      return { ...defaultCaseSettings, ...merged };
    });
    this.cached = next;
    this.loadedAt = Date.now();
    return next;
  }
}
