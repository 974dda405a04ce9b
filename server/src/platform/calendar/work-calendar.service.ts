import type { Actor } from '../auth/actor.ts';
import type { Database, Sql } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { defaultWorkCalendarConfig } from './china-holidays.ts';
import {
  validateCalendarConfig,
  WorkCalendar,
  type CalendarYear,
  type WorkCalendarConfig,
} from './work-calendar.ts';

const SETTING = 'platform.workCalendar';
/** Other nodes pick up a changed calendar within this long. */
const RELOAD_MS = 60_000;

interface StoredCalendar {
  config: WorkCalendarConfig;
  revision: number;
}

/**
 * The installation's work calendar: the built-in schedule (2025, 2026) until an
 * administrator stores one in the settings table, which then wins. Deadline code asks
 * `current()` (synchronous, from memory) after an occasional `refresh(sql)`.
 */
export class WorkCalendarService {
  private calendar = new WorkCalendar(defaultWorkCalendarConfig);
  private revision = 0;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly settings: SettingsRepository,
  ) {}

  current(): WorkCalendar {
    return this.calendar;
  }

  /** Re-reads the stored calendar at most once a minute; pass the transaction's handle inside one. */
  async refresh(sql: Sql = this.db.orm, force = false): Promise<WorkCalendar> {
    if (!force && Date.now() - this.loadedAt < RELOAD_MS) return this.calendar;
    this.loadedAt = Date.now();
    const stored = await this.settings.get<StoredCalendar>(sql, SETTING);
    if (stored && stored.revision !== this.revision) {
      this.calendar = new WorkCalendar(stored.config);
      this.revision = stored.revision;
    }
    return this.calendar;
  }

  view(): WorkCalendarConfig & { revision: number; minutesPerDay: number } {
    return {
      ...this.calendar.config,
      revision: this.revision,
      minutesPerDay: this.calendar.minutesPerDay,
    };
  }

  /** Replaces the whole calendar (working hours and every year). */
  async replace(actor: Actor, config: WorkCalendarConfig): Promise<WorkCalendar> {
    const problems = validateCalendarConfig(config);
    if (problems.length > 0) {
      throw new AppError('invalid_calendar', 422, problems.join('; '), { problems });
    }
    return this.store(actor, config, 'calendar.replace');
  }

  /** Sets one year's holidays and adjusted working days (when the State Council announces them). */
  async setYear(actor: Actor, year: string, entry: CalendarYear): Promise<WorkCalendar> {
    await this.refresh(this.db.orm, true);
    const config = {
      ...this.calendar.config,
      years: { ...this.calendar.config.years, [year]: entry },
    };
    const problems = validateCalendarConfig(config);
    if (problems.length > 0) {
      throw new AppError('invalid_calendar', 422, problems.join('; '), { problems });
    }
    return this.store(actor, config, 'calendar.year.set');
  }

  private async store(actor: Actor, config: WorkCalendarConfig, action: string) {
    const calendar = new WorkCalendar(config);
    const revision = await this.uow.run(async (ctx) => {
      const stored = await this.settings.get<StoredCalendar>(ctx.sql, SETTING);
      const next = (stored?.revision ?? 0) + 1;
      await this.settings.set(ctx.sql, SETTING, { config, revision: next });
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action,
        target: { type: 'work-calendar', id: String(next) },
        details: { years: Object.keys(config.years), periods: config.periods },
      });
      return next;
    });
    this.calendar = calendar;
    this.revision = revision;
    this.loadedAt = Date.now();
    return calendar;
  }
}
